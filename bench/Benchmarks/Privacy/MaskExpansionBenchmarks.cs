using BenchmarkDotNet.Attributes;
using OrleansFed.Privacy.Encoding;
using OrleansFed.Privacy.SecureAggregation;

namespace OrleansFed.Benchmarks.Privacy;

/// <summary>
/// Mask PRG (AES-128-CTR through Aes.EncryptEcb) and Z_(2^32) accumulation throughput on one core.
/// Bytes processed per operation = 4 × <see cref="Length"/>; GB/s = bytes / mean time.
/// </summary>
[InProcess]
[WarmupCount(2)]
[IterationCount(5)]
public class MaskExpansionBenchmarks
{
    private readonly byte[] _seed = Enumerable.Range(0, 16).Select(i => (byte)(i * 13 + 1)).ToArray();
    private uint[] _vector = [];
    private uint[] _other = [];

    /// <summary>Vector length in 32-bit words (100,000 is the acceptance model size; 1,048,576 = 4 MiB).</summary>
    [Params(100_000, 1_048_576)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _vector = new uint[Length];
        _other = Enumerable.Range(0, Length).Select(i => (uint)i * 2654435761u).ToArray();
    }

    /// <summary>Write the mask of one seed.</summary>
    [Benchmark]
    public void Expand() => MaskGenerator.Expand(_seed, _vector);

    /// <summary>Add the mask of one seed into a vector (what a client does per neighbour).</summary>
    [Benchmark]
    public void AddMask() => MaskGenerator.AddMask(_seed, _vector);

    /// <summary>Add one masked vector into the running sum (what the server does per input).</summary>
    [Benchmark]
    public void Accumulate() => RingVector.Add(_vector, _other);
}
