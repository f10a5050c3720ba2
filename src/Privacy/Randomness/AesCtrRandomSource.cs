using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OrleansFed.Privacy.Randomness;

/// <summary>
/// A <see cref="RandomSource"/> producing the AES-128 counter-mode keystream of a 16-byte seed:
/// fast bulk randomness that is as unpredictable as its seed. Seeded from
/// <see cref="RandomNumberGenerator"/> by default; an explicit seed makes a reproducible stream,
/// which tests use and which must otherwise stay secret.
/// </summary>
public sealed class AesCtrRandomSource : RandomSource, IDisposable
{
    /// <summary>The seed length in bytes (an AES-128 key).</summary>
    public const int SeedLength = 16;

    private const int BlocksPerCall = 256;
    private readonly Aes _aes;
    private readonly byte[] _counterBlocks = new byte[BlocksPerCall * 16];
    private ulong _counter;

    /// <summary>Creates a source keyed with 16 fresh bytes from the operating system's CSPRNG.</summary>
    public AesCtrRandomSource()
        : this(RandomNumberGenerator.GetBytes(SeedLength))
    {
    }

    /// <summary>Creates the deterministic keystream of <paramref name="seed"/>.</summary>
    /// <param name="seed">A 16-byte AES-128 key; keep it secret unless reproducibility is the point.</param>
    public AesCtrRandomSource(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedLength)
        {
            throw new ArgumentException($"The seed must be {SeedLength} bytes.", nameof(seed));
        }

        _aes = Aes.Create();
        _aes.SetKey(seed);
    }

    /// <inheritdoc />
    protected override void Generate(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            int blocks = Math.Min(BlocksPerCall, (destination.Length + 15) / 16);
            Span<byte> counters = _counterBlocks.AsSpan(0, blocks * 16);
            for (int i = 0; i < blocks; i++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(counters.Slice(i * 16, 8), _counter++);
            }

            int take = Math.Min(destination.Length, counters.Length);
            if (take == counters.Length)
            {
                _aes.EncryptEcb(counters, destination[..take], PaddingMode.None);
            }
            else
            {
                _aes.EncryptEcb(counters, counters, PaddingMode.None);
                counters[..take].CopyTo(destination);
                counters.Clear();
            }

            destination = destination[take..];
        }
    }

    /// <inheritdoc />
    public void Dispose() => _aes.Dispose();
}
