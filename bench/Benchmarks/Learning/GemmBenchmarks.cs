using BenchmarkDotNet.Attributes;
using OrleansFed.Learning.Kernels;

namespace OrleansFed.Benchmarks.Learning;

/// <summary>
/// The engine's SGEMM on the shapes the benchmark models run (batch 64): the MLP's forward product, its weight
/// gradient (A transposed), a square product, and the same square product on the AVX2 and portable kernels.
/// </summary>
[MemoryDiagnoser]
public unsafe class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];

    [Params("mlp-forward 64x128x784", "mlp-weight-grad 784x128x64 (A^T)", "square 256", "square 256 avx2", "square 256 portable")]
    public string Shape { get; set; } = "square 256";

    private (int M, int N, int K, bool TransposeA, Gemm.KernelPath Path) Dims => Shape switch
    {
        "mlp-forward 64x128x784" => (64, 128, 784, false, Gemm.KernelPath.Auto),
        "mlp-weight-grad 784x128x64 (A^T)" => (784, 128, 64, true, Gemm.KernelPath.Auto),
        "square 256 avx2" => (256, 256, 256, false, Gemm.KernelPath.Avx2),
        "square 256 portable" => (256, 256, 256, false, Gemm.KernelPath.Portable),
        _ => (256, 256, 256, false, Gemm.KernelPath.Auto),
    };

    [GlobalSetup]
    public void Setup()
    {
        (int m, int n, int k, _, Gemm.KernelPath path) = Dims;
        var random = new Random(1);
        _a = Enumerable.Range(0, m * k).Select(_ => (float)random.NextDouble()).ToArray();
        _b = Enumerable.Range(0, k * n).Select(_ => (float)random.NextDouble()).ToArray();
        _c = new float[m * n];
        Gemm.ForcedPath = path;
    }

    [GlobalCleanup]
    public void Cleanup() => Gemm.ForcedPath = Gemm.KernelPath.Auto;

    [Benchmark]
    public void Multiply()
    {
        (int m, int n, int k, bool transposeA, _) = Dims;
        fixed (float* a = _a, b = _b, c = _c)
        {
            Gemm.Multiply(m, n, k, a, transposeA ? 1 : k, transposeA ? m : 1, b, n, 1, c, n, false);
        }
    }
}
