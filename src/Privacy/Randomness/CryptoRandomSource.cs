using System.Security.Cryptography;

namespace OrleansFed.Privacy.Randomness;

/// <summary>
/// A <see cref="RandomSource"/> drawing directly from the operating system's CSPRNG
/// (<see cref="RandomNumberGenerator"/>), buffered 4 KiB at a time.
/// </summary>
public sealed class CryptoRandomSource : RandomSource
{
    /// <inheritdoc />
    protected override void Generate(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}
