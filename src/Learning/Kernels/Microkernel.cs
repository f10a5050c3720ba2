using System.Numerics;
using System.Runtime.CompilerServices;

namespace OrleansFed.Learning.Kernels;

/// <summary>
/// Dispatch to the active path's register-tiled microkernel (AVX-512 8×32, AVX2 6×16, or a portable 8×32 over
/// <see cref="Vector{T}"/>), with edge tiles (fewer valid rows or columns) computed into scratch and merged.
/// </summary>
internal static unsafe class Microkernel
{
    public static int Rows => Gemm.PanelRows;

    public static int Columns => Gemm.PanelColumns;

    /// <summary>Panel-form tile: A(i, o, p) = a[i + o·aOuter + p·aDepth]; only the first rows×cols of C are written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Panel(
        int outer, int inner, float* a, nint aDepth, nint aOuter, float* b, nint ldb, nint bOuter,
        float* c, nint ldc, int rows, int cols, int flags, float* bias)
    {
        Gemm.KernelPath path = Gemm.ActivePath;
        int mr = Rows, nr = Columns;
        bool narrow = path == Gemm.KernelPath.Avx512 && cols <= 16;
        bool full = rows == mr && (cols == nr || (narrow && cols == 16));
        float* scratch = stackalloc float[Kernels512.Rows * Kernels512.Columns];
        float* target = full ? c : scratch;
        nint ldt = full ? ldc : nr;
        int f = full ? flags : 0;
        switch (path)
        {
            case Gemm.KernelPath.Avx512 when narrow:
                Kernels512.PanelNarrow(outer, inner, a, aDepth, aOuter, b, ldb, bOuter, target, ldt, f, bias);
                break;
            case Gemm.KernelPath.Avx512:
                Kernels512.Panel(outer, inner, a, aDepth, aOuter, b, ldb, bOuter, target, ldt, f, bias);
                break;
            case Gemm.KernelPath.Avx2:
                Kernels256.Panel(outer, inner, a, aDepth, aOuter, b, ldb, bOuter, target, ldt, f, bias);
                break;
            default:
                PortablePanel(outer, inner, a, aDepth, aOuter, b, ldb, bOuter, target, ldt, f, bias);
                break;
        }

        if (!full)
        {
            Merge(scratch, nr, c, ldc, rows, cols, flags, bias);
        }
    }

    /// <summary>Row-form tile: A(i, o, p) = rowPointers[i][o·aOuter + p]; all MR row pointers must be readable.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowsForm(
        int outer, int inner, float** rowPointers, nint aOuter, float* b, nint ldb, nint bOuter,
        float* c, nint ldc, int rows, int cols, int flags, float* bias)
    {
        Gemm.KernelPath path = Gemm.ActivePath;
        int mr = Rows, nr = Columns;
        bool narrow = path == Gemm.KernelPath.Avx512 && cols <= 16;
        bool full = rows == mr && (cols == nr || (narrow && cols == 16));
        float* scratch = stackalloc float[Kernels512.Rows * Kernels512.Columns];
        float* target = full ? c : scratch;
        nint ldt = full ? ldc : nr;
        int f = full ? flags : 0;
        switch (path)
        {
            case Gemm.KernelPath.Avx512 when narrow:
                Kernels512.RowsFormNarrow(outer, inner, rowPointers, aOuter, b, ldb, bOuter, target, ldt, f, bias);
                break;
            case Gemm.KernelPath.Avx512:
                Kernels512.RowsForm(outer, inner, rowPointers, aOuter, b, ldb, bOuter, target, ldt, f, bias);
                break;
            case Gemm.KernelPath.Avx2:
                Kernels256.RowsForm(outer, inner, rowPointers, aOuter, b, ldb, bOuter, target, ldt, f, bias);
                break;
            default:
                PortableRows(outer, inner, rowPointers, aOuter, b, ldb, bOuter, target, ldt, f, bias);
                break;
        }

        if (!full)
        {
            Merge(scratch, nr, c, ldc, rows, cols, flags, bias);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Merge(float* scratch, int nr, float* c, nint ldc, int rows, int cols, int flags, float* bias)
    {
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < cols; j++)
            {
                float v = scratch[(r * nr) + j];
                float* dst = c + (r * ldc) + j;
                if ((flags & TileFlags.LoadC) != 0)
                {
                    v += *dst;
                }

                if ((flags & TileFlags.BiasPerColumn) != 0)
                {
                    v += bias[j];
                }
                else if ((flags & TileFlags.BiasPerRow) != 0)
                {
                    v += bias[r];
                }

                *dst = (flags & TileFlags.Relu) != 0 && v < 0f ? 0f : v;
            }
        }
    }

    private static void PortablePanel(int outer, int inner, float* a, nint aDepth, nint aOuter, float* b, nint ldb, nint bOuter, float* c, nint ldc, int flags, float* bias)
    {
        float** rows = stackalloc float*[Kernels512.Rows];
        for (int o = 0; o < outer; o++)
        {
            // Express the panel form through the generic loop: row i of segment o walks a + i + o·aOuter by aDepth.
            for (int i = 0; i < Kernels512.Rows; i++)
            {
                rows[i] = a + i + (o * aOuter);
            }

            PortableCore(1, inner, rows, 0, aDepth, b + (o * bOuter), ldb, 0, c, ldc, o > 0 || (flags & TileFlags.LoadC) != 0);
        }

        Finish(c, ldc, flags, bias);
    }

    private static void PortableRows(int outer, int inner, float** rowPointers, nint aOuter, float* b, nint ldb, nint bOuter, float* c, nint ldc, int flags, float* bias)
    {
        PortableCore(outer, inner, rowPointers, aOuter, 1, b, ldb, bOuter, c, ldc, (flags & TileFlags.LoadC) != 0);
        Finish(c, ldc, flags, bias);
    }

    private static void PortableCore(int outer, int inner, float** rows, nint aOuter, nint aStep, float* b, nint ldb, nint bOuter, float* c, nint ldc, bool loadC)
    {
        const int r8 = Kernels512.Rows, n32 = Kernels512.Columns;
        int lanes = Vector<float>.Count;
        float* acc = stackalloc float[r8 * n32];
        new Span<float>(acc, r8 * n32).Clear();
        for (int o = 0; o < outer; o++)
        {
            for (int p = 0; p < inner; p++)
            {
                float* brow = b + (o * bOuter) + (p * ldb);
                for (int r = 0; r < r8; r++)
                {
                    var av = new Vector<float>(rows[r][(o * aOuter) + (p * aStep)]);
                    float* arow = acc + (r * n32);
                    for (int j = 0; j < n32; j += lanes)
                    {
                        Unsafe.WriteUnaligned(arow + j, Unsafe.ReadUnaligned<Vector<float>>(arow + j) + (av * Unsafe.ReadUnaligned<Vector<float>>(brow + j)));
                    }
                }
            }
        }

        for (int r = 0; r < r8; r++)
        {
            for (int j = 0; j < n32; j++)
            {
                float* dst = c + (r * ldc) + j;
                *dst = (loadC ? *dst : 0f) + acc[(r * n32) + j];
            }
        }
    }

    private static void Finish(float* c, nint ldc, int flags, float* bias)
    {
        for (int r = 0; r < Kernels512.Rows; r++)
        {
            for (int j = 0; j < Kernels512.Columns; j++)
            {
                float* dst = c + (r * ldc) + j;
                float v = *dst;
                if ((flags & TileFlags.BiasPerColumn) != 0)
                {
                    v += bias[j];
                }
                else if ((flags & TileFlags.BiasPerRow) != 0)
                {
                    v += bias[r];
                }

                *dst = (flags & TileFlags.Relu) != 0 && v < 0f ? 0f : v;
            }
        }
    }
}
