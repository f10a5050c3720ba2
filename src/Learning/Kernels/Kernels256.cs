using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OrleansFed.Learning.Kernels;

/// <summary>Register-tiled microkernel: a 6×16 tile of C held in 12 256-bit accumulators (generated code).</summary>
internal static unsafe class Kernels256
{
    /// <summary>Rows of the tile.</summary>
    public const int Rows = 6;

    /// <summary>Columns of the tile.</summary>
    public const int Columns = 16;

    /// <summary>
    /// C[6×16] = Apanel·Bpanel over depth k, then per <see cref="TileFlags"/>: add the old C, add a bias
    /// (per column, bias → the tile's first column; per row, bias → its first row), apply ReLU. Apanel is k×6
    /// (k-major); Bpanel is k rows of 16 floats, <paramref name="ldb"/> floats apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile6x16(int k, float* a, float* b, nint ldb, float* c, nint ldc, int flags, float* bias)
    {
        Vector256<float> c00 = Vector256<float>.Zero, c01 = Vector256<float>.Zero;
        Vector256<float> c10 = Vector256<float>.Zero, c11 = Vector256<float>.Zero;
        Vector256<float> c20 = Vector256<float>.Zero, c21 = Vector256<float>.Zero;
        Vector256<float> c30 = Vector256<float>.Zero, c31 = Vector256<float>.Zero;
        Vector256<float> c40 = Vector256<float>.Zero, c41 = Vector256<float>.Zero;
        Vector256<float> c50 = Vector256<float>.Zero, c51 = Vector256<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            Vector256<float> b0 = Vector256.Load(b + 0);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> a0 = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            Vector256<float> a1 = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            Vector256<float> a2 = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            Vector256<float> a3 = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            Vector256<float> a4 = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            Vector256<float> a5 = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            a += 6;
            b += ldb;
        }

        if ((flags & TileFlags.LoadC) != 0)
        {
            c00 += Vector256.Load(c + (0 * ldc) + 0);
            c01 += Vector256.Load(c + (0 * ldc) + 8);
            c10 += Vector256.Load(c + (1 * ldc) + 0);
            c11 += Vector256.Load(c + (1 * ldc) + 8);
            c20 += Vector256.Load(c + (2 * ldc) + 0);
            c21 += Vector256.Load(c + (2 * ldc) + 8);
            c30 += Vector256.Load(c + (3 * ldc) + 0);
            c31 += Vector256.Load(c + (3 * ldc) + 8);
            c40 += Vector256.Load(c + (4 * ldc) + 0);
            c41 += Vector256.Load(c + (4 * ldc) + 8);
            c50 += Vector256.Load(c + (5 * ldc) + 0);
            c51 += Vector256.Load(c + (5 * ldc) + 8);
        }

        if ((flags & TileFlags.BiasPerColumn) != 0)
        {
            Vector256<float> bias0 = Vector256.Load(bias + 0);
            Vector256<float> bias1 = Vector256.Load(bias + 8);
            c00 += bias0;
            c01 += bias1;
            c10 += bias0;
            c11 += bias1;
            c20 += bias0;
            c21 += bias1;
            c30 += bias0;
            c31 += bias1;
            c40 += bias0;
            c41 += bias1;
            c50 += bias0;
            c51 += bias1;
        }
        else if ((flags & TileFlags.BiasPerRow) != 0)
        {
            Vector256<float> rb0 = Vector256.Create(bias[0]);
            c00 += rb0;
            c01 += rb0;
            Vector256<float> rb1 = Vector256.Create(bias[1]);
            c10 += rb1;
            c11 += rb1;
            Vector256<float> rb2 = Vector256.Create(bias[2]);
            c20 += rb2;
            c21 += rb2;
            Vector256<float> rb3 = Vector256.Create(bias[3]);
            c30 += rb3;
            c31 += rb3;
            Vector256<float> rb4 = Vector256.Create(bias[4]);
            c40 += rb4;
            c41 += rb4;
            Vector256<float> rb5 = Vector256.Create(bias[5]);
            c50 += rb5;
            c51 += rb5;
        }

        if ((flags & TileFlags.Relu) != 0)
        {
            c00 = Vector256.Max(c00, Vector256<float>.Zero);
            c01 = Vector256.Max(c01, Vector256<float>.Zero);
            c10 = Vector256.Max(c10, Vector256<float>.Zero);
            c11 = Vector256.Max(c11, Vector256<float>.Zero);
            c20 = Vector256.Max(c20, Vector256<float>.Zero);
            c21 = Vector256.Max(c21, Vector256<float>.Zero);
            c30 = Vector256.Max(c30, Vector256<float>.Zero);
            c31 = Vector256.Max(c31, Vector256<float>.Zero);
            c40 = Vector256.Max(c40, Vector256<float>.Zero);
            c41 = Vector256.Max(c41, Vector256<float>.Zero);
            c50 = Vector256.Max(c50, Vector256<float>.Zero);
            c51 = Vector256.Max(c51, Vector256<float>.Zero);
        }

        c00.Store(c + (0 * ldc) + 0);
        c01.Store(c + (0 * ldc) + 8);
        c10.Store(c + (1 * ldc) + 0);
        c11.Store(c + (1 * ldc) + 8);
        c20.Store(c + (2 * ldc) + 0);
        c21.Store(c + (2 * ldc) + 8);
        c30.Store(c + (3 * ldc) + 0);
        c31.Store(c + (3 * ldc) + 8);
        c40.Store(c + (4 * ldc) + 0);
        c41.Store(c + (4 * ldc) + 8);
        c50.Store(c + (5 * ldc) + 0);
        c51.Store(c + (5 * ldc) + 8);
    }
}
