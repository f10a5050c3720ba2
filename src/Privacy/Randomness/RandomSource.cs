using System.Buffers.Binary;
using System.Numerics;

namespace OrleansFed.Privacy.Randomness;

/// <summary>
/// A cryptographically secure stream of random bits with the exact, unbiased integer and
/// fixed-point draws every mechanism and protocol in this library is built on.
/// </summary>
/// <remarks>
/// Implementations buffer their output, so an instance is not thread-safe: give each mechanism,
/// protocol party or thread its own instance. No draw in this library uses <see cref="System.Random"/>.
/// </remarks>
public abstract class RandomSource
{
    private const int BufferSize = 4096;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _position = BufferSize;

    /// <summary>Refills <paramref name="destination"/> entirely with fresh secure random bytes.</summary>
    /// <param name="destination">The buffer to fill.</param>
    protected abstract void Generate(Span<byte> destination);

    /// <summary>Fills <paramref name="destination"/> with secure random bytes.</summary>
    /// <param name="destination">The buffer to fill.</param>
    public void Fill(Span<byte> destination)
    {
        if (destination.Length >= BufferSize)
        {
            Generate(destination);
            return;
        }

        while (!destination.IsEmpty)
        {
            if (_position == BufferSize)
            {
                Generate(_buffer);
                _position = 0;
            }

            int take = Math.Min(destination.Length, BufferSize - _position);
            _buffer.AsSpan(_position, take).CopyTo(destination);
            // Served bytes are wiped so a later memory disclosure cannot replay earlier draws.
            _buffer.AsSpan(_position, take).Clear();
            _position += take;
            destination = destination[take..];
        }
    }

    /// <summary>Returns 64 uniformly random bits.</summary>
    public ulong NextUInt64()
    {
        Span<byte> bytes = stackalloc byte[8];
        Fill(bytes);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    /// <summary>Returns 32 uniformly random bits.</summary>
    public uint NextUInt32()
    {
        Span<byte> bytes = stackalloc byte[4];
        Fill(bytes);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    /// <summary>Returns one fair random bit.</summary>
    public bool NextBit()
    {
        Span<byte> bytes = stackalloc byte[1];
        Fill(bytes);
        return (bytes[0] & 1) != 0;
    }

    /// <summary>Returns an integer uniform on [0, <paramref name="exclusiveBound"/>), without modulo bias.</summary>
    /// <param name="exclusiveBound">The number of possible outcomes; at least 1.</param>
    public ulong NextUInt64(ulong exclusiveBound)
    {
        ArgumentOutOfRangeException.ThrowIfZero(exclusiveBound);
        // Lemire's multiply-and-reject: exact uniformity with a single multiplication on average.
        ulong x = NextUInt64();
        UInt128 m = (UInt128)x * exclusiveBound;
        ulong low = (ulong)m;
        if (low < exclusiveBound)
        {
            ulong threshold = (0UL - exclusiveBound) % exclusiveBound;
            while (low < threshold)
            {
                x = NextUInt64();
                m = (UInt128)x * exclusiveBound;
                low = (ulong)m;
            }
        }

        return (ulong)(m >> 64);
    }

    /// <summary>Returns an integer uniform on [0, <paramref name="exclusiveBound"/>) for arbitrarily large bounds.</summary>
    /// <param name="exclusiveBound">The number of possible outcomes; positive.</param>
    public BigInteger NextBigInteger(BigInteger exclusiveBound)
    {
        if (exclusiveBound.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(exclusiveBound), "The bound must be positive.");
        }

        if (exclusiveBound <= ulong.MaxValue)
        {
            return NextUInt64((ulong)exclusiveBound);
        }

        // Rejection sampling on the bound's bit length: each attempt succeeds with probability > 1/2.
        long bits = (long)(exclusiveBound - 1).GetBitLength();
        int byteCount = (int)((bits + 7) / 8);
        int excessBits = (int)(byteCount * 8 - bits);
        byte[] bytes = new byte[byteCount];
        while (true)
        {
            Fill(bytes);
            bytes[^1] &= (byte)(0xFF >> excessBits);
            var candidate = new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
            if (candidate < exclusiveBound)
            {
                return candidate;
            }
        }
    }

    /// <summary>Returns a double uniform on the 2^53-point grid {0, 2^-53, ..., 1 - 2^-53}.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Returns a double uniform on the grid {2^-54, 3·2^-54, ..., 1 - 2^-54}: never 0, never 1.</summary>
    public double NextOpenDouble() => ((NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53));
}
