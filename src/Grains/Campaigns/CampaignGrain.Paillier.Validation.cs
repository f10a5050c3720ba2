using System.Globalization;
using System.Numerics;
using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Interfaces.Grains;

namespace OrleansFed.Grains.Campaigns;

/// <summary>The <c>paillier</c> mode's refusals: plaintext uploads, closed or foreign submissions, non-key-holders,
/// malformed moduli.</summary>
public sealed partial class CampaignGrain
{
    /// <summary>Hook of <see cref="ICampaignGrain.SubmitUpdateAsync"/>: a plaintext update must never reach storage.</summary>
    private void RejectPlainUpdateUnderPaillier()
    {
        if (IsPaillier)
        {
            throw new InvalidRequestException(
                $"Campaign '{Id}' uses Paillier encryption: send the ciphertexts through /rounds/{{round}}/paillier-update, never the plain update.");
        }
    }

    private void ValidateCiphertextSubmission(string participantId, int round)
    {
        if (HasEnded || S.State == CampaignState.Paused)
        {
            throw new RoundClosedException($"Campaign '{Id}' is {S.State}; round {round} takes no updates now.");
        }

        if (!S.AttemptOpen || round != S.CurrentRound || S.Paillier.AwaitingDecryption)
        {
            throw new RoundClosedException(S.Paillier.AwaitingDecryption && round == S.CurrentRound
                ? string.Create(CultureInfo.InvariantCulture, $"Round {round} has closed and awaits decryption by the key holder.")
                : string.Create(CultureInfo.InvariantCulture, $"Round {round} is not open for updates."));
        }

        if (TimeProvider.GetUtcNow() >= S.Deadline)
        {
            throw new RoundClosedException(string.Create(CultureInfo.InvariantCulture, $"The deadline of round {round} ({S.Deadline:O}) has passed."));
        }

        if (S.Selected.BinarySearch(participantId, StringComparer.Ordinal) < 0)
        {
            throw new NotSelectedException(string.Create(CultureInfo.InvariantCulture,
                $"Participant {participantId} is not selected for round {S.CurrentRound} attempt {S.CurrentAttempt}."));
        }
    }

    private void RequirePaillier()
    {
        if (!IsPaillier)
        {
            throw new IllegalTransitionException($"Campaign '{Id}' does not run in the paillier privacy mode.");
        }
    }

    private void RequireKeyHolder(string participantId)
    {
        if (participantId != PaillierKeyHolder)
        {
            throw new NotSelectedException($"Only the key holder ({PaillierKeyHolder}) may do this in campaign '{Id}'.");
        }
    }

    private BigInteger ParseModulus(string? base64)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64 ?? string.Empty);
        }
        catch (FormatException)
        {
            throw new InvalidRequestException("modulus must be base64 of n's unsigned big-endian bytes.");
        }

        var n = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var bits = PaillierSpec.Bits;
        if (n.GetBitLength() != bits || n.IsEven || HasSmallFactor(n))
        {
            throw new InvalidRequestException(string.Create(CultureInfo.InvariantCulture,
                $"modulus must be an odd {bits}-bit product of two large primes; got {n.GetBitLength()} bits."));
        }

        return n;
    }

    private static bool HasSmallFactor(BigInteger n)
    {
        for (var p = 3; p < 2000; p += 2)
        {
            if (n % p == 0)
            {
                return true;
            }
        }

        return false;
    }
}
