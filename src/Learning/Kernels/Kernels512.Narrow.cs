using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OrleansFed.Learning.Kernels;

/// <summary>The 8×16 variants of <see cref="Kernels512"/> (8 accumulators) for B panels only 16 columns wide.</summary>
internal static unsafe partial class Kernels512
{
    /// <summary>Panel form for a tile only 16 columns wide (8 accumulators): <see cref="Panel"/> for narrow B.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PanelNarrow(int outer, int inner, float* a, nint aDepth, nint aOuter, float* b, nint ldb, nint bOuter, float* c, nint ldc, int flags, float* bias)
    {
        Vector512<float> c00 = Vector512<float>.Zero;
        Vector512<float> c10 = Vector512<float>.Zero;
        Vector512<float> c20 = Vector512<float>.Zero;
        Vector512<float> c30 = Vector512<float>.Zero;
        Vector512<float> c40 = Vector512<float>.Zero;
        Vector512<float> c50 = Vector512<float>.Zero;
        Vector512<float> c60 = Vector512<float>.Zero;
        Vector512<float> c70 = Vector512<float>.Zero;
        for (int o = 0; o < outer; o++)
        {
            float* bp = b + (o * bOuter);
            float* ap = a + (o * aOuter);
            for (int p = 0; p < inner; p++)
            {
                Vector512<float> b0 = Vector512.Load(bp);
                c00 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[0]), b0, c00);
                c10 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[1]), b0, c10);
                c20 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[2]), b0, c20);
                c30 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[3]), b0, c30);
                c40 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[4]), b0, c40);
                c50 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[5]), b0, c50);
                c60 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[6]), b0, c60);
                c70 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[7]), b0, c70);
                ap += aDepth;
                bp += ldb;
            }
        }

        if ((flags & TileFlags.LoadC) != 0)
        {
            c00 += Vector512.Load(c + (0 * ldc));
            c10 += Vector512.Load(c + (1 * ldc));
            c20 += Vector512.Load(c + (2 * ldc));
            c30 += Vector512.Load(c + (3 * ldc));
            c40 += Vector512.Load(c + (4 * ldc));
            c50 += Vector512.Load(c + (5 * ldc));
            c60 += Vector512.Load(c + (6 * ldc));
            c70 += Vector512.Load(c + (7 * ldc));
        }

        if ((flags & TileFlags.BiasPerColumn) != 0)
        {
            Vector512<float> bias0 = Vector512.Load(bias);
            c00 += bias0;
            c10 += bias0;
            c20 += bias0;
            c30 += bias0;
            c40 += bias0;
            c50 += bias0;
            c60 += bias0;
            c70 += bias0;
        }
        else if ((flags & TileFlags.BiasPerRow) != 0)
        {
            c00 += Vector512.Create(bias[0]);
            c10 += Vector512.Create(bias[1]);
            c20 += Vector512.Create(bias[2]);
            c30 += Vector512.Create(bias[3]);
            c40 += Vector512.Create(bias[4]);
            c50 += Vector512.Create(bias[5]);
            c60 += Vector512.Create(bias[6]);
            c70 += Vector512.Create(bias[7]);
        }

        if ((flags & TileFlags.Relu) != 0)
        {
            c00 = Vector512.Max(c00, Vector512<float>.Zero);
            c10 = Vector512.Max(c10, Vector512<float>.Zero);
            c20 = Vector512.Max(c20, Vector512<float>.Zero);
            c30 = Vector512.Max(c30, Vector512<float>.Zero);
            c40 = Vector512.Max(c40, Vector512<float>.Zero);
            c50 = Vector512.Max(c50, Vector512<float>.Zero);
            c60 = Vector512.Max(c60, Vector512<float>.Zero);
            c70 = Vector512.Max(c70, Vector512<float>.Zero);
        }

        c00.Store(c + (0 * ldc));
        c10.Store(c + (1 * ldc));
        c20.Store(c + (2 * ldc));
        c30.Store(c + (3 * ldc));
        c40.Store(c + (4 * ldc));
        c50.Store(c + (5 * ldc));
        c60.Store(c + (6 * ldc));
        c70.Store(c + (7 * ldc));
    }

    /// <summary>Row form for a tile only 16 columns wide (8 accumulators): <see cref="RowsForm"/> for narrow B.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowsFormNarrow(int outer, int inner, float** rows, nint aOuter, float* b, nint ldb, nint bOuter, float* c, nint ldc, int flags, float* bias)
    {
        Vector512<float> c00 = Vector512<float>.Zero;
        Vector512<float> c10 = Vector512<float>.Zero;
        Vector512<float> c20 = Vector512<float>.Zero;
        Vector512<float> c30 = Vector512<float>.Zero;
        Vector512<float> c40 = Vector512<float>.Zero;
        Vector512<float> c50 = Vector512<float>.Zero;
        Vector512<float> c60 = Vector512<float>.Zero;
        Vector512<float> c70 = Vector512<float>.Zero;
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
                Vector512<float> b0 = Vector512.Load(bp);
                c00 = Vector512.FusedMultiplyAdd(Vector512.Create(a0[p]), b0, c00);
                c10 = Vector512.FusedMultiplyAdd(Vector512.Create(a1[p]), b0, c10);
                c20 = Vector512.FusedMultiplyAdd(Vector512.Create(a2[p]), b0, c20);
                c30 = Vector512.FusedMultiplyAdd(Vector512.Create(a3[p]), b0, c30);
                c40 = Vector512.FusedMultiplyAdd(Vector512.Create(a4[p]), b0, c40);
                c50 = Vector512.FusedMultiplyAdd(Vector512.Create(a5[p]), b0, c50);
                c60 = Vector512.FusedMultiplyAdd(Vector512.Create(a6[p]), b0, c60);
                c70 = Vector512.FusedMultiplyAdd(Vector512.Create(a7[p]), b0, c70);
                bp += ldb;
            }
        }

        if ((flags & TileFlags.LoadC) != 0)
        {
            c00 += Vector512.Load(c + (0 * ldc));
            c10 += Vector512.Load(c + (1 * ldc));
            c20 += Vector512.Load(c + (2 * ldc));
            c30 += Vector512.Load(c + (3 * ldc));
            c40 += Vector512.Load(c + (4 * ldc));
            c50 += Vector512.Load(c + (5 * ldc));
            c60 += Vector512.Load(c + (6 * ldc));
            c70 += Vector512.Load(c + (7 * ldc));
        }

        if ((flags & TileFlags.BiasPerColumn) != 0)
        {
            Vector512<float> bias0 = Vector512.Load(bias);
            c00 += bias0;
            c10 += bias0;
            c20 += bias0;
            c30 += bias0;
            c40 += bias0;
            c50 += bias0;
            c60 += bias0;
            c70 += bias0;
        }
        else if ((flags & TileFlags.BiasPerRow) != 0)
        {
            c00 += Vector512.Create(bias[0]);
            c10 += Vector512.Create(bias[1]);
            c20 += Vector512.Create(bias[2]);
            c30 += Vector512.Create(bias[3]);
            c40 += Vector512.Create(bias[4]);
            c50 += Vector512.Create(bias[5]);
            c60 += Vector512.Create(bias[6]);
            c70 += Vector512.Create(bias[7]);
        }

        if ((flags & TileFlags.Relu) != 0)
        {
            c00 = Vector512.Max(c00, Vector512<float>.Zero);
            c10 = Vector512.Max(c10, Vector512<float>.Zero);
            c20 = Vector512.Max(c20, Vector512<float>.Zero);
            c30 = Vector512.Max(c30, Vector512<float>.Zero);
            c40 = Vector512.Max(c40, Vector512<float>.Zero);
            c50 = Vector512.Max(c50, Vector512<float>.Zero);
            c60 = Vector512.Max(c60, Vector512<float>.Zero);
            c70 = Vector512.Max(c70, Vector512<float>.Zero);
        }

        c00.Store(c + (0 * ldc));
        c10.Store(c + (1 * ldc));
        c20.Store(c + (2 * ldc));
        c30.Store(c + (3 * ldc));
        c40.Store(c + (4 * ldc));
        c50.Store(c + (5 * ldc));
        c60.Store(c + (6 * ldc));
        c70.Store(c + (7 * ldc));
    }
}
