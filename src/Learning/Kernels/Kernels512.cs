using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OrleansFed.Learning.Kernels;

/// <summary>Register-tiled microkernel: a 8×32 tile of C held in 16 512-bit accumulators (generated code).</summary>
internal static unsafe class Kernels512
{
    /// <summary>Rows of the tile.</summary>
    public const int Rows = 8;

    /// <summary>Columns of the tile.</summary>
    public const int Columns = 32;

    /// <summary>
    /// C[8×32] = Apanel·Bpanel over depth k, then per <see cref="TileFlags"/>: add the old C, add a bias
    /// (per column, bias → the tile's first column; per row, bias → its first row), apply ReLU. Apanel is k×8
    /// (k-major); Bpanel is k rows of 32 floats, <paramref name="ldb"/> floats apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile8x32(int k, float* a, float* b, nint ldb, float* c, nint ldc, int flags, float* bias)
    {
        Vector512<float> c00 = Vector512<float>.Zero, c01 = Vector512<float>.Zero;
        Vector512<float> c10 = Vector512<float>.Zero, c11 = Vector512<float>.Zero;
        Vector512<float> c20 = Vector512<float>.Zero, c21 = Vector512<float>.Zero;
        Vector512<float> c30 = Vector512<float>.Zero, c31 = Vector512<float>.Zero;
        Vector512<float> c40 = Vector512<float>.Zero, c41 = Vector512<float>.Zero;
        Vector512<float> c50 = Vector512<float>.Zero, c51 = Vector512<float>.Zero;
        Vector512<float> c60 = Vector512<float>.Zero, c61 = Vector512<float>.Zero;
        Vector512<float> c70 = Vector512<float>.Zero, c71 = Vector512<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            Vector512<float> b0 = Vector512.Load(b + 0);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            Vector512<float> a1 = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            Vector512<float> a2 = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            Vector512<float> a3 = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            Vector512<float> a4 = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            Vector512<float> a5 = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            Vector512<float> a6 = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            Vector512<float> a7 = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            a += 8;
            b += ldb;
        }

        if ((flags & TileFlags.LoadC) != 0)
        {
            c00 += Vector512.Load(c + (0 * ldc) + 0);
            c01 += Vector512.Load(c + (0 * ldc) + 16);
            c10 += Vector512.Load(c + (1 * ldc) + 0);
            c11 += Vector512.Load(c + (1 * ldc) + 16);
            c20 += Vector512.Load(c + (2 * ldc) + 0);
            c21 += Vector512.Load(c + (2 * ldc) + 16);
            c30 += Vector512.Load(c + (3 * ldc) + 0);
            c31 += Vector512.Load(c + (3 * ldc) + 16);
            c40 += Vector512.Load(c + (4 * ldc) + 0);
            c41 += Vector512.Load(c + (4 * ldc) + 16);
            c50 += Vector512.Load(c + (5 * ldc) + 0);
            c51 += Vector512.Load(c + (5 * ldc) + 16);
            c60 += Vector512.Load(c + (6 * ldc) + 0);
            c61 += Vector512.Load(c + (6 * ldc) + 16);
            c70 += Vector512.Load(c + (7 * ldc) + 0);
            c71 += Vector512.Load(c + (7 * ldc) + 16);
        }

        if ((flags & TileFlags.BiasPerColumn) != 0)
        {
            Vector512<float> bias0 = Vector512.Load(bias + 0);
            Vector512<float> bias1 = Vector512.Load(bias + 16);
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
            c60 += bias0;
            c61 += bias1;
            c70 += bias0;
            c71 += bias1;
        }
        else if ((flags & TileFlags.BiasPerRow) != 0)
        {
            Vector512<float> rb0 = Vector512.Create(bias[0]);
            c00 += rb0;
            c01 += rb0;
            Vector512<float> rb1 = Vector512.Create(bias[1]);
            c10 += rb1;
            c11 += rb1;
            Vector512<float> rb2 = Vector512.Create(bias[2]);
            c20 += rb2;
            c21 += rb2;
            Vector512<float> rb3 = Vector512.Create(bias[3]);
            c30 += rb3;
            c31 += rb3;
            Vector512<float> rb4 = Vector512.Create(bias[4]);
            c40 += rb4;
            c41 += rb4;
            Vector512<float> rb5 = Vector512.Create(bias[5]);
            c50 += rb5;
            c51 += rb5;
            Vector512<float> rb6 = Vector512.Create(bias[6]);
            c60 += rb6;
            c61 += rb6;
            Vector512<float> rb7 = Vector512.Create(bias[7]);
            c70 += rb7;
            c71 += rb7;
        }

        if ((flags & TileFlags.Relu) != 0)
        {
            c00 = Vector512.Max(c00, Vector512<float>.Zero);
            c01 = Vector512.Max(c01, Vector512<float>.Zero);
            c10 = Vector512.Max(c10, Vector512<float>.Zero);
            c11 = Vector512.Max(c11, Vector512<float>.Zero);
            c20 = Vector512.Max(c20, Vector512<float>.Zero);
            c21 = Vector512.Max(c21, Vector512<float>.Zero);
            c30 = Vector512.Max(c30, Vector512<float>.Zero);
            c31 = Vector512.Max(c31, Vector512<float>.Zero);
            c40 = Vector512.Max(c40, Vector512<float>.Zero);
            c41 = Vector512.Max(c41, Vector512<float>.Zero);
            c50 = Vector512.Max(c50, Vector512<float>.Zero);
            c51 = Vector512.Max(c51, Vector512<float>.Zero);
            c60 = Vector512.Max(c60, Vector512<float>.Zero);
            c61 = Vector512.Max(c61, Vector512<float>.Zero);
            c70 = Vector512.Max(c70, Vector512<float>.Zero);
            c71 = Vector512.Max(c71, Vector512<float>.Zero);
        }

        c00.Store(c + (0 * ldc) + 0);
        c01.Store(c + (0 * ldc) + 16);
        c10.Store(c + (1 * ldc) + 0);
        c11.Store(c + (1 * ldc) + 16);
        c20.Store(c + (2 * ldc) + 0);
        c21.Store(c + (2 * ldc) + 16);
        c30.Store(c + (3 * ldc) + 0);
        c31.Store(c + (3 * ldc) + 16);
        c40.Store(c + (4 * ldc) + 0);
        c41.Store(c + (4 * ldc) + 16);
        c50.Store(c + (5 * ldc) + 0);
        c51.Store(c + (5 * ldc) + 16);
        c60.Store(c + (6 * ldc) + 0);
        c61.Store(c + (6 * ldc) + 16);
        c70.Store(c + (7 * ldc) + 0);
        c71.Store(c + (7 * ldc) + 16);
    }
}
