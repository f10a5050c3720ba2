using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Paillier;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.Paillier;

/// <summary>
/// A Paillier round attempt. Each accepted update is checked (framing, every ciphertext a unit of Z_(n²)) and
/// multiplied into the running sum, and the sum plus the contributor list is written before the call returns: a
/// rejected update changes nothing, an accepted one is durable, a repeat is a duplicate. The silo only ever multiplies
/// ciphertexts; it has no key to decrypt with.
/// </summary>
[GrainType("paillier-round")]
public sealed class PaillierRoundGrain(
    [PersistentState("paillier-round")] IPersistentState<PaillierRoundState> state) : Grain, IPaillierRoundGrain
{
    async Task<Interfaces.Grains.RoundSubmitResult> IPaillierRoundGrain.SubmitAsync(PaillierRoundPlan plan, string participantId, PaillierBlob update)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(update);
        var s = Init(plan);
        if (s.Phase != PaillierRoundPhase.Open)
        {
            throw new RoundClosedException(string.Create(CultureInfo.InvariantCulture,
                $"Round {plan.Round} attempt {plan.Attempt} no longer accepts updates ({s.Phase})."));
        }

        if (s.Contributors.Contains(participantId, StringComparer.Ordinal))
        {
            return new(true, s.Contributors.Count, plan.Selected.Length);
        }

        if (update.Round != plan.Round || update.Attempt != plan.Attempt)
        {
            throw new RoundClosedException(string.Create(CultureInfo.InvariantCulture,
                $"The ciphertexts are for round {update.Round} attempt {update.Attempt}; round {plan.Round} attempt {plan.Attempt} is open."));
        }

        if (s.Contributors.Count >= plan.MaxSummands)
        {
            throw new RoundClosedException(string.Create(CultureInfo.InvariantCulture,
                $"Round {plan.Round} already adds {plan.MaxSummands} updates, the most the packing allows (paillier max-summands)."));
        }

        if (update.Summands != 1 || update.Width != s.Width || update.Count != plan.Ciphertexts)
        {
            throw new WrongLengthException(string.Create(CultureInfo.InvariantCulture,
                $"An update must carry {plan.Ciphertexts} ciphertexts of {s.Width} bytes with summands 1; got {update.Count} of {update.Width} bytes, summands {update.Summands}."));
        }

        var n = plan.Modulus;
        var n2 = n * n;
        var incoming = update.Ciphertexts.Span;
        var sum = new byte[s.Width * plan.Ciphertexts];
        for (var k = 0; k < plan.Ciphertexts; k++)
        {
            var c = new BigInteger(incoming.Slice(k * s.Width, s.Width), isUnsigned: true, isBigEndian: true);
            if (c.Sign <= 0 || c >= n2 || !BigInteger.GreatestCommonDivisor(c, n).IsOne)
            {
                throw new InvalidRequestException(string.Create(CultureInfo.InvariantCulture,
                    $"Ciphertext {k} is not a unit of Z_(n²) for the campaign's key."));
            }

            var total = s.Contributors.Count == 0
                ? c
                : new BigInteger(s.Sum.AsSpan(k * s.Width, s.Width), isUnsigned: true, isBigEndian: true) * c % n2;
            Write(total, sum.AsSpan(k * s.Width, s.Width));
        }

        var previous = s.Sum;
        s.Sum = sum;
        s.Contributors.Add(participantId);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            s.Sum = previous;
            s.Contributors.RemoveAt(s.Contributors.Count - 1);
            throw;
        }

        return new(false, s.Contributors.Count, plan.Selected.Length);
    }

    async Task<PaillierRoundStatus> IPaillierRoundGrain.CloseAsync(PaillierRoundPlan plan, DateTimeOffset now, TimeSpan decryptionTimeout)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var s = Init(plan);
        switch (s.Phase)
        {
            case PaillierRoundPhase.Open:
                var all = s.Contributors.Count == plan.Selected.Length;
                if (s.Contributors.Count == 0 || (!all && s.Contributors.Count < plan.MinParticipants))
                {
                    s.Phase = PaillierRoundPhase.Abandoned;
                    s.Sum = [];
                }
                else
                {
                    s.Phase = PaillierRoundPhase.AwaitingDecryption;
                    s.AllSubmitted = all;
                    s.DecryptionDeadline = now + decryptionTimeout;
                }

                await state.WriteStateAsync();
                break;
            case PaillierRoundPhase.AwaitingDecryption when now >= s.DecryptionDeadline:
                s.Phase = PaillierRoundPhase.Abandoned;
                s.Sum = [];
                await state.WriteStateAsync();
                break;
        }

        return Status();
    }

    Task<PaillierRoundStatus> IPaillierRoundGrain.GetStatusAsync() => Task.FromResult(Status());

    Task<PaillierBlob> IPaillierRoundGrain.GetSumAsync()
    {
        var s = state.State;
        if (s.Phase != PaillierRoundPhase.AwaitingDecryption)
        {
            throw new RoundClosedException(string.Create(CultureInfo.InvariantCulture,
                $"Round {s.Round} attempt {s.Attempt} has no sum awaiting decryption ({s.Phase})."));
        }

        return Task.FromResult(new PaillierBlob(s.Round, s.Attempt, s.Contributors.Count, s.Width, s.Sum));
    }

    async Task IPaillierRoundGrain.CompleteAsync(UpdateBlob average)
    {
        ArgumentNullException.ThrowIfNull(average);
        var s = state.State;
        if (s.Phase == PaillierRoundPhase.Decrypted)
        {
            return;
        }

        if (s.Phase != PaillierRoundPhase.AwaitingDecryption)
        {
            throw new RoundClosedException(string.Create(CultureInfo.InvariantCulture,
                $"Round {s.Round} attempt {s.Attempt} is not awaiting decryption ({s.Phase})."));
        }

        s.Phase = PaillierRoundPhase.Decrypted;
        s.AverageSamples = average.SampleCount;
        s.AverageLoss = average.TrainLoss;
        s.AverageWeights = FloatBytes.ToBytes(average.Weights.Span);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            s.Phase = PaillierRoundPhase.AwaitingDecryption;
            s.AverageWeights = [];
            throw;
        }
    }

    async Task IPaillierRoundGrain.ReleaseAsync()
    {
        var s = state.State;
        if (!state.RecordExists || s.Phase is PaillierRoundPhase.Open or PaillierRoundPhase.AwaitingDecryption)
        {
            return;
        }

        s.Sum = [];
        s.AverageWeights = [];
        await state.WriteStateAsync();
    }

    private PaillierRoundState Init(PaillierRoundPlan plan)
    {
        var s = state.State;
        if (s.Round == 0)
        {
            s.Round = plan.Round;
            s.Attempt = plan.Attempt;
            s.Modulus = plan.Modulus.ToByteArray(isUnsigned: true, isBigEndian: true);
            s.Width = CiphertextWidth(plan.Modulus);
        }

        return s;
    }

    private PaillierRoundStatus Status()
    {
        var s = state.State;
        UpdateBlob? average = s.Phase == PaillierRoundPhase.Decrypted && s.AverageWeights.Length > 0
            ? new UpdateBlob(s.Round, s.AverageSamples, s.AverageLoss, FloatBytes.ToFloats(s.AverageWeights))
            : null;
        return new PaillierRoundStatus(
            s.Phase, [.. s.Contributors.Order(StringComparer.Ordinal)], s.AllSubmitted, s.DecryptionDeadline, average);
    }

    /// <summary>Bytes of one ciphertext on the wire: the byte length of n².</summary>
    /// <param name="modulus">n.</param>
    /// <returns>The width.</returns>
    internal static int CiphertextWidth(BigInteger modulus) => (int)(((modulus * modulus).GetBitLength() + 7) / 8);

    private static void Write(BigInteger value, Span<byte> destination)
    {
        destination.Clear();
        var bytes = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(destination[(destination.Length - bytes)..], out _, isUnsigned: true, isBigEndian: true);
    }
}
