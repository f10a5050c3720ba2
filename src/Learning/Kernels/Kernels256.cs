using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OrleansFed.Learning.Kernels;

/// <summary>
/// Register-tiled microkernels (generated code): a 6×16 tile of C held in 12 256-bit accumulators, over a
/// depth walked as <c>outer</c> segments of <c>inner</c> steps. B row (o, p) is at b + o·bOuter + p·ldb.
/// </summary>
internal static unsafe class Kernels256
{
    /// <summary>Rows of the tile.</summary>
    public const int Rows = 6;

    /// <summary>Columns of the tile.</summary>
    public const int Columns = 16;

    /// <summary>
    /// Panel form: A(i, o, p) = a[i + o·aOuter + p·aDepth] (the 6 values of one depth step are contiguous, as in a
    /// packed panel or a column-major matrix).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Panel(int outer, int inner, float* a, nint aDepth, nint aOuter, float* b, nint ldb, nint bOuter, float* c, nint ldc, int flags, float* bias)
    {
        Vector256<float> c00 = Vector256<float>.Zero, c01 = Vector256<float>.Zero;
        Vector256<float> c10 = Vector256<float>.Zero, c11 = Vector256<float>.Zero;
        Vector256<float> c20 = Vector256<float>.Zero, c21 = Vector256<float>.Zero;
        Vector256<float> c30 = Vector256<float>.Zero, c31 = Vector256<float>.Zero;
        Vector256<float> c40 = Vector256<float>.Zero, c41 = Vector256<float>.Zero;
        Vector256<float> c50 = Vector256<float>.Zero, c51 = Vector256<float>.Zero;
        for (int o = 0; o < outer; o++)
        {
            float* bp = b + (o * bOuter);
            float* ap = a + (o * aOuter);
            for (int p = 0; p < inner; p++)
            {
                Vector256<float> b0 = Vector256.Load(bp + 0);
                Vector256<float> b1 = Vector256.Load(bp + 8);
                Vector256<float> x0 = Vector256.Create(ap[0]);
                c00 = Vector256.FusedMultiplyAdd(x0, b0, c00);
                c01 = Vector256.FusedMultiplyAdd(x0, b1, c01);
                Vector256<float> x1 = Vector256.Create(ap[1]);
                c10 = Vector256.FusedMultiplyAdd(x1, b0, c10);
                c11 = Vector256.FusedMultiplyAdd(x1, b1, c11);
                Vector256<float> x2 = Vector256.Create(ap[2]);
                c20 = Vector256.FusedMultiplyAdd(x2, b0, c20);
                c21 = Vector256.FusedMultiplyAdd(x2, b1, c21);
                Vector256<float> x3 = Vector256.Create(ap[3]);
                c30 = Vector256.FusedMultiplyAdd(x3, b0, c30);
                c31 = Vector256.FusedMultiplyAdd(x3, b1, c31);
                Vector256<float> x4 = Vector256.Create(ap[4]);
                c40 = Vector256.FusedMultiplyAdd(x4, b0, c40);
                c41 = Vector256.FusedMultiplyAdd(x4, b1, c41);
                Vector256<float> x5 = Vector256.Create(ap[5]);
                c50 = Vector256.FusedMultiplyAdd(x5, b0, c50);
                c51 = Vector256.FusedMultiplyAdd(x5, b1, c51);
                ap += aDepth;
                bp += ldb;
            }
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

    /// <summary>
    /// Row form: A(i, o, p) = rows[i][o·aOuter + p] (each row's depth run is contiguous, e.g. a patch read straight
    /// from a channels-last image).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowsForm(int outer, int inner, float** rows, nint aOuter, float* b, nint ldb, nint bOuter, float* c, nint ldc, int flags, float* bias)
    {
        Vector256<float> c00 = Vector256<float>.Zero, c01 = Vector256<float>.Zero;
        Vector256<float> c10 = Vector256<float>.Zero, c11 = Vector256<float>.Zero;
        Vector256<float> c20 = Vector256<float>.Zero, c21 = Vector256<float>.Zero;
        Vector256<float> c30 = Vector256<float>.Zero, c31 = Vector256<float>.Zero;
        Vector256<float> c40 = Vector256<float>.Zero, c41 = Vector256<float>.Zero;
        Vector256<float> c50 = Vector256<float>.Zero, c51 = Vector256<float>.Zero;
        for (int o = 0; o < outer; o++)
        {
            float* bp = b + (o * bOuter);
            float* a0 = rows[0] + (o * aOuter);
            float* a1 = rows[1] + (o * aOuter);
            float* a2 = rows[2] + (o * aOuter);
            float* a3 = rows[3] + (o * aOuter);
            float* a4 = rows[4] + (o * aOuter);
            float* a5 = rows[5] + (o * aOuter);
            for (int p = 0; p < inner; p++)
            {
                Vector256<float> b0 = Vector256.Load(bp + 0);
                Vector256<float> b1 = Vector256.Load(bp + 8);
                Vector256<float> x0 = Vector256.Create(a0[p]);
                c00 = Vector256.FusedMultiplyAdd(x0, b0, c00);
                c01 = Vector256.FusedMultiplyAdd(x0, b1, c01);
                Vector256<float> x1 = Vector256.Create(a1[p]);
                c10 = Vector256.FusedMultiplyAdd(x1, b0, c10);
                c11 = Vector256.FusedMultiplyAdd(x1, b1, c11);
                Vector256<float> x2 = Vector256.Create(a2[p]);
                c20 = Vector256.FusedMultiplyAdd(x2, b0, c20);
                c21 = Vector256.FusedMultiplyAdd(x2, b1, c21);
                Vector256<float> x3 = Vector256.Create(a3[p]);
                c30 = Vector256.FusedMultiplyAdd(x3, b0, c30);
                c31 = Vector256.FusedMultiplyAdd(x3, b1, c31);
                Vector256<float> x4 = Vector256.Create(a4[p]);
                c40 = Vector256.FusedMultiplyAdd(x4, b0, c40);
                c41 = Vector256.FusedMultiplyAdd(x4, b1, c41);
                Vector256<float> x5 = Vector256.Create(a5[p]);
                c50 = Vector256.FusedMultiplyAdd(x5, b0, c50);
                c51 = Vector256.FusedMultiplyAdd(x5, b1, c51);
                bp += ldb;
            }
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
