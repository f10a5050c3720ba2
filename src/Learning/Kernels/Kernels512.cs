using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OrleansFed.Learning.Kernels;

/// <summary>
/// Register-tiled microkernels (generated code): a 8×32 tile of C held in 16 512-bit accumulators, over a
/// depth walked as <c>outer</c> segments of <c>inner</c> steps. B row (o, p) is at b + o·bOuter + p·ldb.
/// </summary>
internal static unsafe partial class Kernels512
{
    /// <summary>Rows of the tile.</summary>
    public const int Rows = 8;

    /// <summary>Columns of the tile.</summary>
    public const int Columns = 32;

    /// <summary>
    /// Panel form: A(i, o, p) = a[i + o·aOuter + p·aDepth] (the 8 values of one depth step are contiguous, as in a
    /// packed panel or a column-major matrix).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Panel(int outer, int inner, float* a, nint aDepth, nint aOuter, float* b, nint ldb, nint bOuter, float* c, nint ldc, int flags, float* bias)
    {
        Vector512<float> c00 = Vector512<float>.Zero, c01 = Vector512<float>.Zero;
        Vector512<float> c10 = Vector512<float>.Zero, c11 = Vector512<float>.Zero;
        Vector512<float> c20 = Vector512<float>.Zero, c21 = Vector512<float>.Zero;
        Vector512<float> c30 = Vector512<float>.Zero, c31 = Vector512<float>.Zero;
        Vector512<float> c40 = Vector512<float>.Zero, c41 = Vector512<float>.Zero;
        Vector512<float> c50 = Vector512<float>.Zero, c51 = Vector512<float>.Zero;
        Vector512<float> c60 = Vector512<float>.Zero, c61 = Vector512<float>.Zero;
        Vector512<float> c70 = Vector512<float>.Zero, c71 = Vector512<float>.Zero;
        for (int o = 0; o < outer; o++)
        {
            float* bp = b + (o * bOuter);
            float* ap = a + (o * aOuter);
            for (int p = 0; p < inner; p++)
            {
                Vector512<float> b0 = Vector512.Load(bp + 0);
                Vector512<float> b1 = Vector512.Load(bp + 16);
                Vector512<float> x0 = Vector512.Create(ap[0]);
                c00 = Vector512.FusedMultiplyAdd(x0, b0, c00);
                c01 = Vector512.FusedMultiplyAdd(x0, b1, c01);
                Vector512<float> x1 = Vector512.Create(ap[1]);
                c10 = Vector512.FusedMultiplyAdd(x1, b0, c10);
                c11 = Vector512.FusedMultiplyAdd(x1, b1, c11);
                Vector512<float> x2 = Vector512.Create(ap[2]);
                c20 = Vector512.FusedMultiplyAdd(x2, b0, c20);
                c21 = Vector512.FusedMultiplyAdd(x2, b1, c21);
                Vector512<float> x3 = Vector512.Create(ap[3]);
                c30 = Vector512.FusedMultiplyAdd(x3, b0, c30);
                c31 = Vector512.FusedMultiplyAdd(x3, b1, c31);
                Vector512<float> x4 = Vector512.Create(ap[4]);
                c40 = Vector512.FusedMultiplyAdd(x4, b0, c40);
                c41 = Vector512.FusedMultiplyAdd(x4, b1, c41);
                Vector512<float> x5 = Vector512.Create(ap[5]);
                c50 = Vector512.FusedMultiplyAdd(x5, b0, c50);
                c51 = Vector512.FusedMultiplyAdd(x5, b1, c51);
                Vector512<float> x6 = Vector512.Create(ap[6]);
                c60 = Vector512.FusedMultiplyAdd(x6, b0, c60);
                c61 = Vector512.FusedMultiplyAdd(x6, b1, c61);
                Vector512<float> x7 = Vector512.Create(ap[7]);
                c70 = Vector512.FusedMultiplyAdd(x7, b0, c70);
                c71 = Vector512.FusedMultiplyAdd(x7, b1, c71);
                ap += aDepth;
                bp += ldb;
            }
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

    /// <summary>
    /// Row form: A(i, o, p) = rows[i][o·aOuter + p] (each row's depth run is contiguous, e.g. a patch read straight
    /// from a channels-last image).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowsForm(int outer, int inner, float** rows, nint aOuter, float* b, nint ldb, nint bOuter, float* c, nint ldc, int flags, float* bias)
    {
        Vector512<float> c00 = Vector512<float>.Zero, c01 = Vector512<float>.Zero;
        Vector512<float> c10 = Vector512<float>.Zero, c11 = Vector512<float>.Zero;
        Vector512<float> c20 = Vector512<float>.Zero, c21 = Vector512<float>.Zero;
        Vector512<float> c30 = Vector512<float>.Zero, c31 = Vector512<float>.Zero;
        Vector512<float> c40 = Vector512<float>.Zero, c41 = Vector512<float>.Zero;
        Vector512<float> c50 = Vector512<float>.Zero, c51 = Vector512<float>.Zero;
        Vector512<float> c60 = Vector512<float>.Zero, c61 = Vector512<float>.Zero;
        Vector512<float> c70 = Vector512<float>.Zero, c71 = Vector512<float>.Zero;
        for (int o = 0; o < outer; o++)
        {
            float* bp = b + (o * bOuter);
            float* a0 = rows[0] + (o * aOuter);
            float* a1 = rows[1] + (o * aOuter);
            float* a2 = rows[2] + (o * aOuter);
            float* a3 = rows[3] + (o * aOuter);
            float* a4 = rows[4] + (o * aOuter);
            float* a5 = rows[5] + (o * aOuter);
            float* a6 = rows[6] + (o * aOuter);
            float* a7 = rows[7] + (o * aOuter);
            for (int p = 0; p < inner; p++)
            {
                Vector512<float> b0 = Vector512.Load(bp + 0);
                Vector512<float> b1 = Vector512.Load(bp + 16);
                Vector512<float> x0 = Vector512.Create(a0[p]);
                c00 = Vector512.FusedMultiplyAdd(x0, b0, c00);
                c01 = Vector512.FusedMultiplyAdd(x0, b1, c01);
                Vector512<float> x1 = Vector512.Create(a1[p]);
                c10 = Vector512.FusedMultiplyAdd(x1, b0, c10);
                c11 = Vector512.FusedMultiplyAdd(x1, b1, c11);
                Vector512<float> x2 = Vector512.Create(a2[p]);
                c20 = Vector512.FusedMultiplyAdd(x2, b0, c20);
                c21 = Vector512.FusedMultiplyAdd(x2, b1, c21);
                Vector512<float> x3 = Vector512.Create(a3[p]);
                c30 = Vector512.FusedMultiplyAdd(x3, b0, c30);
                c31 = Vector512.FusedMultiplyAdd(x3, b1, c31);
                Vector512<float> x4 = Vector512.Create(a4[p]);
                c40 = Vector512.FusedMultiplyAdd(x4, b0, c40);
                c41 = Vector512.FusedMultiplyAdd(x4, b1, c41);
                Vector512<float> x5 = Vector512.Create(a5[p]);
                c50 = Vector512.FusedMultiplyAdd(x5, b0, c50);
                c51 = Vector512.FusedMultiplyAdd(x5, b1, c51);
                Vector512<float> x6 = Vector512.Create(a6[p]);
                c60 = Vector512.FusedMultiplyAdd(x6, b0, c60);
                c61 = Vector512.FusedMultiplyAdd(x6, b1, c61);
                Vector512<float> x7 = Vector512.Create(a7[p]);
                c70 = Vector512.FusedMultiplyAdd(x7, b0, c70);
                c71 = Vector512.FusedMultiplyAdd(x7, b1, c71);
                bp += ldb;
            }
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
