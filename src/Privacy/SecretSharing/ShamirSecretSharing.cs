using System.Collections.Immutable;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Privacy.SecretSharing;

/// <summary>
/// Shamir's t-of-n secret sharing over a prime field: the secret is f(0) of a random polynomial of degree t − 1;
/// any t shares reconstruct it by Lagrange interpolation, any t − 1 are uniformly distributed whatever the secret.
/// </summary>
public sealed class ShamirSecretSharing
{
    /// <summary>Creates a scheme over <paramref name="field"/> needing <paramref name="threshold"/> shares.</summary>
    /// <param name="field">The prime field (<see cref="PrimeField.Mersenne61"/> by default in the protocols).</param>
    /// <param name="threshold">t ≥ 1.</param>
    public ShamirSecretSharing(PrimeField field, int threshold)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        Field = field;
        Threshold = threshold;
    }

    /// <summary>The field.</summary>
    public PrimeField Field { get; }

    /// <summary>t: the number of shares that reconstruct the secret.</summary>
    public int Threshold { get; }

    /// <summary>Splits <paramref name="secret"/> into shares at x = 1…<paramref name="shareCount"/>.</summary>
    /// <param name="secret">A field element.</param>
    /// <param name="shareCount">n ≥ t.</param>
    /// <param name="random">The secure source for the polynomial's coefficients.</param>
    public ShamirShare[] Split(ulong secret, int shareCount, RandomSource random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shareCount, Threshold);
        var xs = new ulong[shareCount];
        for (int i = 0; i < shareCount; i++)
        {
            xs[i] = (ulong)i + 1;
        }

        return Split(secret, xs, random);
    }

    /// <summary>Splits <paramref name="secret"/> into one share per evaluation point.</summary>
    /// <param name="secret">A field element.</param>
    /// <param name="xs">Distinct, non-zero evaluation points in the field; at least t of them.</param>
    /// <param name="random">The secure source for the polynomial's coefficients.</param>
    public ShamirShare[] Split(ulong secret, ReadOnlySpan<ulong> xs, RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        CheckSecret(secret);
        ValidatePoints(xs);
        Span<ulong> coefficients = Threshold <= 256 ? stackalloc ulong[Threshold] : new ulong[Threshold];
        coefficients[0] = secret;
        for (int i = 1; i < Threshold; i++)
        {
            coefficients[i] = Field.Random(random);
        }

        var shares = Evaluate(Field, coefficients, xs);
        coefficients.Clear();
        return shares;
    }

    /// <summary>Recovers the secret from at least t shares; shares beyond t must agree with the first t.</summary>
    /// <param name="shares">The shares.</param>
    /// <exception cref="InsufficientSharesException">Fewer than t shares.</exception>
    /// <exception cref="InvalidShareException">A share is malformed, duplicated or inconsistent.</exception>
    public ulong Reconstruct(IReadOnlyList<ShamirShare> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        ValidateShares(shares);
        var basis = LagrangeBasisAtZero(shares, Threshold);
        ulong secret = Combine(basis, shares, s => s.Y);
        CheckExtraShares(shares, s => s.Y, s => s.X);
        return secret;
    }

    /// <summary>Splits a byte string into <see cref="PrimeField.BytesPerElement"/>-byte field elements and shares each.</summary>
    /// <param name="secret">The secret bytes (a key, a seed).</param>
    /// <param name="xs">Distinct, non-zero evaluation points; at least t of them.</param>
    /// <param name="random">The secure source.</param>
    public ShamirByteShare[] SplitBytes(ReadOnlySpan<byte> secret, ReadOnlySpan<ulong> xs, RandomSource random)
    {
        int perElement = Field.BytesPerElement;
        if (perElement == 0)
        {
            throw new InvalidOperationException($"{Field} is too small to carry whole bytes.");
        }

        ValidatePoints(xs);
        int elements = (secret.Length + perElement - 1) / perElement;
        var values = new ulong[xs.Length][];
        for (int k = 0; k < xs.Length; k++)
        {
            values[k] = new ulong[elements];
        }

        Span<byte> chunk = stackalloc byte[8];
        for (int j = 0; j < elements; j++)
        {
            chunk.Clear();
            var piece = secret.Slice(j * perElement, Math.Min(perElement, secret.Length - j * perElement));
            piece.CopyTo(chunk);
            ulong element = BitConverter.ToUInt64(chunk);
            var shares = Split(element, xs, random);
            for (int k = 0; k < xs.Length; k++)
            {
                values[k][j] = shares[k].Y;
            }
        }

        chunk.Clear();
        var result = new ShamirByteShare[xs.Length];
        for (int k = 0; k < xs.Length; k++)
        {
            result[k] = new ShamirByteShare(xs[k], secret.Length, ImmutableArray.Create(values[k]));
        }

        return result;
    }

    /// <summary>Recovers a byte-string secret from at least t byte shares.</summary>
    /// <param name="shares">The shares.</param>
    /// <exception cref="InsufficientSharesException">Fewer than t shares.</exception>
    /// <exception cref="InvalidShareException">Malformed, duplicated, mismatched or inconsistent shares.</exception>
    public byte[] ReconstructBytes(IReadOnlyList<ShamirByteShare> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        if (shares.Count < Threshold)
        {
            throw new InsufficientSharesException(Threshold, shares.Count);
        }

        int length = shares[0].SecretLength;
        int perElement = Field.BytesPerElement;
        int elements = perElement == 0 ? -1 : (length + perElement - 1) / perElement;
        foreach (var share in shares)
        {
            if (share.SecretLength != length || share.Values.Length != elements)
            {
                throw new InvalidShareException(ShareDefect.MismatchedShape, $"The share at x = {share.X} does not match the others' shape.");
            }
        }

        var points = new ShamirShare[shares.Count];
        for (int k = 0; k < shares.Count; k++)
        {
            points[k] = new ShamirShare(shares[k].X, 0);
        }

        ValidateShares(points);
        var basis = LagrangeBasisAtZero(points, Threshold);
        var secret = new byte[length];
        Span<byte> chunk = stackalloc byte[8];
        for (int j = 0; j < elements; j++)
        {
            int jj = j;
            foreach (var share in shares)
            {
                if (!Field.Contains(share.Values[j]))
                {
                    throw new InvalidShareException(ShareDefect.OutOfField, $"The share at x = {share.X} holds a value outside {Field}.");
                }
            }

            ulong element = Combine(basis, shares, s => s.Values[jj]);
            CheckExtraShares(shares, s => s.Values[jj], s => s.X);
            int take = Math.Min(perElement, length - j * perElement);
            if (take < 8 && element >> (8 * take) != 0)
            {
                throw new InvalidShareException(ShareDefect.Inconsistent, "The reconstructed element does not fit its byte span.");
            }

            BitConverter.TryWriteBytes(chunk, element);
            chunk[..take].CopyTo(secret.AsSpan(j * perElement));
        }

        chunk.Clear();
        return secret;
    }

    /// <summary>Evaluates the polynomial with the given coefficients (constant first) at each point.</summary>
    internal static ShamirShare[] Evaluate(PrimeField field, ReadOnlySpan<ulong> coefficients, ReadOnlySpan<ulong> xs)
    {
        var shares = new ShamirShare[xs.Length];
        for (int k = 0; k < xs.Length; k++)
        {
            ulong x = xs[k];
            ulong y = 0;
            for (int i = coefficients.Length - 1; i >= 0; i--)
            {
                y = field.Add(field.Multiply(y, x), coefficients[i]);
            }

            shares[k] = new ShamirShare(x, y);
        }

        return shares;
    }

    private void CheckSecret(ulong secret)
    {
        if (!Field.Contains(secret))
        {
            throw new ArgumentOutOfRangeException(nameof(secret), $"The secret is not an element of {Field}.");
        }
    }

    private void ValidatePoints(ReadOnlySpan<ulong> xs)
    {
        if (xs.Length < Threshold)
        {
            throw new ArgumentException($"At least {Threshold} evaluation points are needed; {xs.Length} were given.", nameof(xs));
        }

        var seen = new HashSet<ulong>();
        foreach (ulong x in xs)
        {
            if (x == 0)
            {
                throw new InvalidShareException(ShareDefect.ZeroX, "x = 0 would hand out the secret itself.");
            }

            if (!Field.Contains(x))
            {
                throw new InvalidShareException(ShareDefect.OutOfField, $"x = {x} is not an element of {Field}.");
            }

            if (!seen.Add(x))
            {
                throw new InvalidShareException(ShareDefect.DuplicateX, $"x = {x} appears twice.");
            }
        }
    }

    private void ValidateShares(IReadOnlyList<ShamirShare> shares)
    {
        if (shares.Count < Threshold)
        {
            throw new InsufficientSharesException(Threshold, shares.Count);
        }

        var seen = new HashSet<ulong>();
        foreach (var share in shares)
        {
            if (share.X == 0)
            {
                throw new InvalidShareException(ShareDefect.ZeroX, "A share has x = 0.");
            }

            if (!Field.Contains(share.X) || !Field.Contains(share.Y))
            {
                throw new InvalidShareException(ShareDefect.OutOfField, $"The share at x = {share.X} is not in {Field}.");
            }

            if (!seen.Add(share.X))
            {
                throw new InvalidShareException(ShareDefect.DuplicateX, $"Two shares have x = {share.X}.");
            }
        }
    }

    // λ_i = Π_{j≠i} x_j / (x_j − x_i) over the first `count` shares, so f(0) = Σ λ_i y_i.
    private ulong[] LagrangeBasisAtZero(IReadOnlyList<ShamirShare> shares, int count) => LagrangeBasisAt(shares, count, 0);

    private ulong[] LagrangeBasisAt(IReadOnlyList<ShamirShare> shares, int count, ulong at)
    {
        var basis = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            ulong numerator = 1;
            ulong denominator = 1;
            ulong xi = shares[i].X;
            for (int j = 0; j < count; j++)
            {
                if (j != i)
                {
                    ulong xj = shares[j].X;
                    numerator = Field.Multiply(numerator, Field.Subtract(xj, at));
                    denominator = Field.Multiply(denominator, Field.Subtract(xj, xi));
                }
            }

            basis[i] = Field.Multiply(numerator, Field.Inverse(denominator));
        }

        return basis;
    }

    private ulong Combine<TShare>(ulong[] basis, IReadOnlyList<TShare> shares, Func<TShare, ulong> y)
    {
        ulong sum = 0;
        for (int i = 0; i < basis.Length; i++)
        {
            sum = Field.Add(sum, Field.Multiply(basis[i], y(shares[i])));
        }

        return sum;
    }

    private void CheckExtraShares<TShare>(IReadOnlyList<TShare> shares, Func<TShare, ulong> y, Func<TShare, ulong> x)
    {
        if (shares.Count == Threshold)
        {
            return;
        }

        var points = new ShamirShare[Threshold];
        for (int i = 0; i < Threshold; i++)
        {
            points[i] = new ShamirShare(x(shares[i]), y(shares[i]));
        }

        for (int k = Threshold; k < shares.Count; k++)
        {
            ulong xk = x(shares[k]);
            ulong expected = Combine(LagrangeBasisAt(points, Threshold, xk), points, p => p.Y);
            if (expected != y(shares[k]))
            {
                throw new InvalidShareException(ShareDefect.Inconsistent, $"The share at x = {xk} does not lie on the polynomial of the first {Threshold} shares.");
            }
        }
    }
}
