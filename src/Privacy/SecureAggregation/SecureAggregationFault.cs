namespace OrleansFed.Privacy.SecureAggregation;

/// <summary>Why a secure-aggregation party rejected a message or aborted.</summary>
public enum SecureAggregationFault
{
    /// <summary>Fewer than t parties (or shares) remain: the protocol aborts.</summary>
    ThresholdViolation,

    /// <summary>A message is malformed, duplicated, misaddressed or contradicts the protocol (e.g. asks for both secrets of one party).</summary>
    ProtocolViolation,

    /// <summary>A public key is not a valid P-256 point, or a reconstructed key does not match its public key.</summary>
    InvalidKey,

    /// <summary>A ciphertext failed authentication.</summary>
    DecryptionFailure,

    /// <summary>A method was called in the wrong round, or after an abort.</summary>
    OutOfOrder,
}
