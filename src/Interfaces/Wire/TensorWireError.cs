namespace OrleansFed.Interfaces.Wire;

/// <summary>What exactly was wrong with a binary body.</summary>
public enum TensorWireError
{
    /// <summary>The body is shorter than the fixed header.</summary>
    Truncated,

    /// <summary>The first three bytes are not the expected magic (<c>OFM</c>/<c>OFU</c>).</summary>
    BadMagic,

    /// <summary>The magic is right but the format version (fourth byte) is not supported.</summary>
    UnsupportedVersion,

    /// <summary>A header field is out of range (negative count, round ≤ 0, sample count ≤ 0).</summary>
    InvalidHeader,

    /// <summary>The body length does not equal header plus <c>count × 4</c> bytes.</summary>
    LengthMismatch,

    /// <summary>A weight or the training loss is NaN or ±Infinity.</summary>
    NonFinite,
}
