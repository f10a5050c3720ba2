using System.Numerics;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Privacy.Paillier;

/// <summary>
/// Packs many small signed integers into one Paillier plaintext, so a model of d quantized parameters needs about
/// d / <see cref="SlotsPerPlaintext"/> ciphertexts. Each value v ∈ [−B, B] (B = 2^(valueBits−1) − 1) is stored as
/// v + B in a slot of w bits, w being the bit length of 2B·N: homomorphic sums of up to N packed plaintexts never carry
/// from one slot into the next, and the top slot stays below n.
/// </summary>
public sealed class PaillierPacker
{
    private readonly PaillierPublicKey _key;
    private readonly BigInteger _slotMask;

    /// <summary>Creates a packer for <paramref name="valueBits"/>-bit signed values summed over at most <paramref name="maxSummands"/> parties.</summary>
    /// <param name="key">The public key.</param>
    /// <param name="valueBits">Bits of each signed value, 2…62.</param>
    /// <param name="maxSummands">N ≥ 1: how many packed plaintexts may be added together.</param>
    public PaillierPacker(PaillierPublicKey key, int valueBits, int maxSummands)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(valueBits, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(valueBits, 62);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSummands, 1);
        _key = key;
        ValueBits = valueBits;
        MaxSummands = maxSummands;
        Offset = (1L << (valueBits - 1)) - 1;
        SlotBits = (int)(new BigInteger(2 * Offset) * maxSummands).GetBitLength();
        SlotsPerPlaintext = (key.Bits - 1) / SlotBits;
        if (SlotsPerPlaintext < 1)
        {
            throw new ArgumentException("A slot does not fit the plaintext space.", nameof(valueBits));
        }

        _slotMask = (BigInteger.One << SlotBits) - 1;
    }

    /// <summary>Bits of each signed value.</summary>
    public int ValueBits { get; }

    /// <summary>N.</summary>
    public int MaxSummands { get; }

    /// <summary>B: values lie in [−B, B] and are stored as v + B.</summary>
    public long Offset { get; }

    /// <summary>w: the width of one slot.</summary>
    public int SlotBits { get; }

    /// <summary>How many values one plaintext carries.</summary>
    public int SlotsPerPlaintext { get; }

    /// <summary>How many plaintexts <paramref name="valueCount"/> values need.</summary>
    /// <param name="valueCount">d.</param>
    public int PlaintextsFor(int valueCount) => (valueCount + SlotsPerPlaintext - 1) / SlotsPerPlaintext;

    /// <summary>Packs <paramref name="values"/> into plaintexts (value i goes to slot i mod slots of plaintext i / slots).</summary>
    /// <param name="values">Signed values in [−B, B].</param>
    public BigInteger[] Pack(ReadOnlySpan<long> values)
    {
        var plaintexts = new BigInteger[PlaintextsFor(values.Length)];
        for (int k = 0; k < plaintexts.Length; k++)
        {
            int start = k * SlotsPerPlaintext;
            int count = Math.Min(SlotsPerPlaintext, values.Length - start);
            BigInteger packed = BigInteger.Zero;
            for (int i = count - 1; i >= 0; i--)
            {
                long v = values[start + i];
                if (v < -Offset || v > Offset)
                {
                    throw new ArgumentOutOfRangeException(nameof(values), $"Value {v} at index {start + i} is outside [−{Offset}, {Offset}].");
                }

                packed = (packed << SlotBits) | new BigInteger(v + Offset);
            }

            plaintexts[k] = packed;
        }

        return plaintexts;
    }

    /// <summary>Packs and encrypts.</summary>
    /// <param name="values">Signed values in [−B, B].</param>
    /// <param name="random">The secure source.</param>
    public PaillierCiphertext[] Encrypt(ReadOnlySpan<long> values, RandomSource random)
    {
        var plaintexts = Pack(values);
        var ciphertexts = new PaillierCiphertext[plaintexts.Length];
        for (int k = 0; k < plaintexts.Length; k++)
        {
            ciphertexts[k] = _key.PrecomputedBase is null
                ? _key.Encrypt(plaintexts[k], random)
                : _key.EncryptWithPrecomputedBase(plaintexts[k], random);
        }

        return ciphertexts;
    }

    /// <summary>Unpacks the sum of <paramref name="summands"/> packed plaintexts into the per-slot sums of the signed values.</summary>
    /// <param name="plaintextSums">The decrypted sums, in packing order.</param>
    /// <param name="summands">How many packed vectors were added (1…N).</param>
    /// <param name="destination">Receives the sums; its length is the original value count.</param>
    public void UnpackSum(ReadOnlySpan<BigInteger> plaintextSums, int summands, Span<long> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(summands, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(summands, MaxSummands);
        if (plaintextSums.Length != PlaintextsFor(destination.Length))
        {
            throw new ArgumentException("The number of plaintexts does not match the destination length.", nameof(plaintextSums));
        }

        long totalOffset = summands * Offset;
        for (int k = 0; k < plaintextSums.Length; k++)
        {
            BigInteger packed = plaintextSums[k];
            int start = k * SlotsPerPlaintext;
            int count = Math.Min(SlotsPerPlaintext, destination.Length - start);
            for (int i = 0; i < count; i++)
            {
                destination[start + i] = (long)(packed & _slotMask) - totalOffset;
                packed >>= SlotBits;
            }

            if (!packed.IsZero)
            {
                throw new ArgumentException($"Plaintext {k} has bits beyond its last slot: it is not a sum of packed vectors.", nameof(plaintextSums));
            }
        }
    }
}
