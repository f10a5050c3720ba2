namespace OrleansFed.Privacy.SecretSharing;

/// <summary>Why a set of shares was rejected.</summary>
public enum ShareDefect
{
    /// <summary>A share has x = 0, which would be the secret itself.</summary>
    ZeroX,

    /// <summary>A coordinate is not a canonical field element (≥ p).</summary>
    OutOfField,

    /// <summary>Two shares have the same x.</summary>
    DuplicateX,

    /// <summary>Shares beyond the threshold do not lie on the polynomial the first t define.</summary>
    Inconsistent,

    /// <summary>Byte-string shares disagree on the secret's length or number of field elements.</summary>
    MismatchedShape,
}
