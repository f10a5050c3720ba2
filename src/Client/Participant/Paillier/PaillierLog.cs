using Microsoft.Extensions.Logging;

namespace OrleansFed.Client.Participant.Paillier;

/// <summary>Log messages of the paillier mode on a participant. Never a key, never a weight.</summary>
internal static partial class PaillierLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Paillier key holder: {Source} a {Bits}-bit key; publishing its modulus")]
    public static partial void KeyReady(ILogger logger, string source, int bits);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information,
        Message = "Round {Round}: encrypted the update into {Ciphertexts} ciphertexts in {Milliseconds:F0} ms")]
    public static partial void Encrypted(ILogger logger, int round, int ciphertexts, double milliseconds);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information,
        Message = "Round {Round} attempt {Attempt}: decrypted the sum of {Summands} updates ({Samples} samples) in {Milliseconds:F0} ms")]
    public static partial void Decrypted(ILogger logger, int round, int attempt, int summands, long samples, double milliseconds);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "Round {Round} attempt {Attempt}: decryption not taken ({Reason})")]
    public static partial void DecryptionRefused(ILogger logger, int round, int attempt, string reason);
}
