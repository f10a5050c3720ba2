namespace OrleansFed.Privacy.SecretSharing;

/// <summary>One Shamir share: the point (x, f(x)) of the dealer's polynomial, x ≠ 0.</summary>
/// <param name="X">The evaluation point (the holder's identity).</param>
/// <param name="Y">f(X) in the field.</param>
public readonly record struct ShamirShare(ulong X, ulong Y);
