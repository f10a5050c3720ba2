using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using OrleansFed.Privacy.Encoding;

namespace OrleansFed.Privacy.SecureAggregation;

/// <summary>
/// The mask PRG of secure aggregation: expands a 16-byte seed into a vector over Z_(2^32) with AES-128 in counter
/// mode (<c>Aes.EncryptEcb</c> over 128-bit little-endian
/// counter blocks 0, 1, 2, …). Word i of the mask is word i mod 4 of block i/4 of the keystream, so any party holding
/// the seed regenerates exactly the same mask.
/// </summary>
public static class MaskGenerator
{
    /// <summary>The seed length in bytes (an AES-128 key).</summary>
    public const int SeedLength = 16;

    // 64 KiB of keystream per AES call: large enough to amortise the per-call cost of the one-shot API (measured: 16 KiB
    // chunks ran at about 60 % of the speed), small enough to stay in L2.
    private const int ChunkWords = 16_384;

    /// <summary>Writes the mask of <paramref name="seed"/> into <paramref name="destination"/>.</summary>
    /// <param name="seed">The 16-byte seed.</param>
    /// <param name="destination">Receives the mask.</param>
    public static void Expand(ReadOnlySpan<byte> seed, Span<uint> destination)
    {
        using var aes = CreateCipher(seed);
        Span<byte> bytes = MemoryMarshal.AsBytes(destination);
        int wholeBlocks = bytes.Length / 16;
        WriteCounters(bytes[..(wholeBlocks * 16)], 0);
        aes.EncryptEcb(bytes[..(wholeBlocks * 16)], bytes[..(wholeBlocks * 16)], PaddingMode.None);
        if (bytes.Length > wholeBlocks * 16)
        {
            Span<byte> tail = stackalloc byte[16];
            WriteCounters(tail, (ulong)wholeBlocks);
            aes.EncryptEcb(tail, tail, PaddingMode.None);
            tail[..(bytes.Length - wholeBlocks * 16)].CopyTo(bytes[(wholeBlocks * 16)..]);
        }
    }

    /// <summary><paramref name="accumulator"/> += mask(<paramref name="seed"/>) mod 2^32, without materialising the mask.</summary>
    /// <param name="seed">The 16-byte seed.</param>
    /// <param name="accumulator">The vector to mask, updated in place.</param>
    public static void AddMask(ReadOnlySpan<byte> seed, Span<uint> accumulator) => Apply(seed, accumulator, subtract: false);

    /// <summary><paramref name="accumulator"/> −= mask(<paramref name="seed"/>) mod 2^32.</summary>
    /// <param name="seed">The 16-byte seed.</param>
    /// <param name="accumulator">The vector to unmask, updated in place.</param>
    public static void SubtractMask(ReadOnlySpan<byte> seed, Span<uint> accumulator) => Apply(seed, accumulator, subtract: true);

    private static void Apply(ReadOnlySpan<byte> seed, Span<uint> accumulator, bool subtract)
    {
        using var aes = CreateCipher(seed);
        uint[] keystream = ArrayPool<uint>.Shared.Rent(ChunkWords);
        try
        {
            ulong block = 0;
            for (int offset = 0; offset < accumulator.Length; offset += ChunkWords)
            {
                int words = Math.Min(ChunkWords, accumulator.Length - offset);
                int roundedWords = (words + 3) & ~3;
                Span<byte> chunk = MemoryMarshal.AsBytes(keystream.AsSpan(0, roundedWords));
                WriteCounters(chunk, block);
                aes.EncryptEcb(chunk, chunk, PaddingMode.None);
                block += (ulong)(roundedWords / 4);

                var target = accumulator.Slice(offset, words);
                var mask = keystream.AsSpan(0, words);
                if (subtract)
                {
                    RingVector.Subtract(target, mask);
                }
                else
                {
                    RingVector.Add(target, mask);
                }
            }
        }
        finally
        {
            keystream.AsSpan(0, Math.Min(ChunkWords, keystream.Length)).Clear();
            ArrayPool<uint>.Shared.Return(keystream);
        }
    }

    private static Aes CreateCipher(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedLength)
        {
            throw new ArgumentException($"A mask seed is {SeedLength} bytes.", nameof(seed));
        }

        var aes = Aes.Create();
        aes.SetKey(seed);
        return aes;
    }

    private static void WriteCounters(Span<byte> blocks, ulong first)
    {
        // Each 16-byte block is (counter, 0) as two little-endian 64-bit words.
        Span<ulong> words = MemoryMarshal.Cast<byte, ulong>(blocks);
        if (!BitConverter.IsLittleEndian)
        {
            for (int i = 0; i < words.Length; i += 2)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(blocks.Slice(i * 8, 8), first++);
                BinaryPrimitives.WriteUInt64LittleEndian(blocks.Slice(i * 8 + 8, 8), 0);
            }

            return;
        }

        for (int i = 0; i + 1 < words.Length; i += 2)
        {
            words[i] = first++;
            words[i + 1] = 0;
        }
    }
}
