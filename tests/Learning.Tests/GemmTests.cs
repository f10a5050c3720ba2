using OrleansFed.Learning.Kernels;
using Xunit;

namespace OrleansFed.Learning.Tests;

[Collection(GemmPathCollection.Name)]
public sealed unsafe class GemmTests
{
    public static TheoryData<int, int, int, bool, bool> Shapes => new()
    {
        { 1, 1, 1, false, false },
        { 8, 32, 16, false, false },
        { 13, 37, 29, false, false },
        { 64, 128, 300, false, false },
        { 9, 40, 600, true, false },
        { 17, 10, 33, false, true },
        { 31, 65, 7, true, true },
        { 6, 16, 513, false, true },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_kernel_path_matches_a_double_precision_product(int m, int n, int k, bool transposeA, bool transposeB)
    {
        double[] a = GradientCheck.Random(m * k, m + n), b = GradientCheck.Random(k * n, k), c0 = GradientCheck.Random(m * n, 7), bias = GradientCheck.Random(n, 8);
        foreach (Gemm.KernelPath path in new[] { Gemm.KernelPath.Avx512, Gemm.KernelPath.Avx2, Gemm.KernelPath.Portable })
        {
            if ((path == Gemm.KernelPath.Avx512 && !System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
                || (path == Gemm.KernelPath.Avx2 && !System.Runtime.Intrinsics.X86.Fma.IsSupported))
            {
                continue;
            }

            Gemm.ForcedPath = path;
            try
            {
                foreach (bool accumulate in new[] { false, true })
                {
                    foreach (bool relu in new[] { false, true })
                    {
                        float[] fa = a.Select(v => (float)v).ToArray(), fb = b.Select(v => (float)v).ToArray(), fbias = bias.Select(v => (float)v).ToArray();
                        float[] c = c0.Select(v => (float)v).ToArray();
                        fixed (float* pa = fa, pb = fb, pc = c, pbias = fbias)
                        {
                            // A is m×k (stored k×m when transposed); B is k×n (stored n×k when transposed).
                            Gemm.Multiply(m, n, k, pa, transposeA ? 1 : k, transposeA ? m : 1, pb, transposeB ? 1 : n, transposeB ? k : 1,
                                pc, n, accumulate, new Epilogue(accumulate ? null : pbias, BiasKind.PerColumn, relu), threads: 2);
                        }

                        for (int i = 0; i < m; i++)
                        {
                            for (int j = 0; j < n; j++)
                            {
                                double s = accumulate ? (float)c0[(i * n) + j] : (float)bias[j];
                                for (int p = 0; p < k; p++)
                                {
                                    s += (transposeA ? (float)a[(p * m) + i] : (float)a[(i * k) + p]) * (transposeB ? (float)b[(j * k) + p] : (float)b[(p * n) + j]);
                                }

                                if (relu)
                                {
                                    s = Math.Max(0, s);
                                }

                                Assert.True(Math.Abs(c[(i * n) + j] - s) <= 1e-4 * (1 + Math.Abs(s)), $"{path} acc={accumulate} relu={relu} C[{i},{j}] = {c[(i * n) + j]}, expected {s}");
                            }
                        }
                    }
                }
            }
            finally
            {
                Gemm.ForcedPath = Gemm.KernelPath.Auto;
            }
        }
    }

    [Fact]
    public void Per_row_bias_is_added_to_each_row()
    {
        float[] a = [1, 2, 3, 4], b = [1, 0, 0, 1], c = new float[4], bias = [10, 20];
        fixed (float* pa = a, pb = b, pc = c, pbias = bias)
        {
            Gemm.Multiply(2, 2, 2, pa, 2, 1, pb, 2, 1, pc, 2, false, new Epilogue(pbias, BiasKind.PerRow, false));
        }

        Assert.Equal([11f, 12f, 23f, 24f], c);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GemmPathCollection
{
    public const string Name = "GEMM kernel path (process-wide switch)";
}
