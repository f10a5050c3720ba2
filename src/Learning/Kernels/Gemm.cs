using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using System.Runtime.Intrinsics;

namespace OrleansFed.Learning.Kernels;

/// <summary>
/// Single-precision matrix product C = A·B + bias (or C += A·B) over strided operands:
/// A(i,p) = a[i*aRowStride + p*aColStride], B(p,j) = b[p*bRowStride + j*bColStride], C(i,j) = c[i*ldc + j].
/// A is packed into MR-row panels and B into NR-column panels (a row-major B with short depth is read in place);
/// depth is blocked by <see cref="DepthBlock"/> so a B block stays in L1 while every A panel passes over it, and a
/// register-tiled microkernel computes each MR×NR tile: 8×32 with AVX-512, 6×16 with AVX2+FMA, else a portable path.
/// </summary>
internal static unsafe partial class Gemm
{
    /// <summary>Depth of one block: a 256×32 B block (32 KiB) plus an 8×256 A panel fit a 48 KiB L1.</summary>
    public const int DepthBlock = 256;

    /// <summary>Below this many multiply-adds per worker, threading costs more than it saves.</summary>
    private const long MinParallelWork = 1L << 18;

    internal enum KernelPath
    {
        Auto,
        Avx512,
        Avx2,
        Portable,
    }

    /// <summary>Forces a kernel path (tests compare the paths); Auto picks the widest the CPU supports.</summary>
    internal static KernelPath ForcedPath { get; set; } = KernelPath.Auto;

    internal static KernelPath ActivePath => ForcedPath != KernelPath.Auto ? ForcedPath
        : Avx512F.IsSupported ? KernelPath.Avx512
        : Avx2.IsSupported && Fma.IsSupported ? KernelPath.Avx2
        : KernelPath.Portable;

    /// <summary>Rows of an A panel (MR) on the active path.</summary>
    public static int PanelRows => ActivePath == KernelPath.Avx2 ? Kernels256.Rows : Kernels512.Rows;

    /// <summary>Columns of a B panel (NR) on the active path.</summary>
    public static int PanelColumns => ActivePath == KernelPath.Avx2 ? Kernels256.Columns : Kernels512.Columns;

    /// <summary>Floats needed to pack an m×k A.</summary>
    public static int PackedASize(int m, int k) => RoundUp(m, PanelRows) * k;

    /// <summary>Floats needed to pack a k×n B.</summary>
    public static int PackedBSize(int k, int n) => RoundUp(n, PanelColumns) * k;

    public static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(
        int m, int n, int k,
        float* a, int aRowStride, int aColStride,
        float* b, int bRowStride, int bColStride,
        float* c, int ldc, bool accumulate, Epilogue epilogue = default, int threads = 1)
    {
        if (m <= 0 || n <= 0)
        {
            return;
        }

        if (k == 0)
        {
            EmptyProduct(m, n, c, ldc, accumulate, epilogue);
            return;
        }

        float[] aBuffer = ArrayPool<float>.Shared.Rent(PackedASize(m, k));
        try
        {
            fixed (float* ap = aBuffer)
            {
                PackA(m, k, a, aRowStride, aColStride, ap);
                MultiplyPackedA(m, n, k, ap, b, bRowStride, bColStride, c, ldc, accumulate, epilogue, threads);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(aBuffer);
        }
    }

    /// <summary>C (+)= A·B for an A already packed by PackA and a strided B (packed here unless it can be read in place).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyPackedA(
        int m, int n, int k, float* aPacked, float* b, int bRowStride, int bColStride,
        float* c, int ldc, bool accumulate, Epilogue epilogue, int threads)
    {
        int nr = PanelColumns;
        bool directB = bColStride == 1 && k <= DepthBlock;
        int packedB = directB ? (n % nr == 0 ? 0 : k * nr) : PackedBSize(k, n);
        float[]? bBuffer = packedB > 0 ? ArrayPool<float>.Shared.Rent(packedB) : null;
        try
        {
            fixed (float* bp = bBuffer)
            {
                if (directB)
                {
                    int full = n / nr * nr;
                    if (full < n)
                    {
                        PackBPanel(k, n - full, b + full, bRowStride, 1, bp);
                    }

                    MultiplyPacked(m, n, k, aPacked, b, bRowStride, nr, bp, c, ldc, accumulate, epilogue, threads);
                }
                else
                {
                    PackB(k, n, b, bRowStride, bColStride, bp);
                    MultiplyPacked(m, n, k, aPacked, bp, nr, (nint)k * nr, null, c, ldc, accumulate, epilogue, threads);
                }
            }
        }
        finally
        {
            if (bBuffer is not null)
            {
                ArrayPool<float>.Shared.Return(bBuffer);
            }
        }
    }

    /// <summary>
    /// C (+)= A·B from a packed A (PackA) and B panels: panel j starts at b + j·bPanelStep and its rows
    /// are bRowStride floats apart. When <paramref name="bEdgePanel"/> is set, a partial last panel is read from it
    /// (rows NR apart) instead.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyPacked(
        int m, int n, int k, float* aPacked, float* b, nint bRowStride, nint bPanelStep, float* bEdgePanel,
        float* c, int ldc, bool accumulate, Epilogue epilogue, int threads)
    {
        int mr = PanelRows, nr = PanelColumns;
        int mPanels = (m + mr - 1) / mr, nPanels = (n + nr - 1) / nr;
        var job = new Job(m, n, k, mr, nr, aPacked, b, bRowStride, bPanelStep, bEdgePanel, c, ldc, accumulate, epilogue);
        int workers = (int)Math.Min(threads, Math.Max(1, (long)m * n * k / MinParallelWork));
        bool splitN = nPanels >= 2 * workers || nPanels >= mPanels;
        int panels = splitN ? nPanels : mPanels;
        if (workers <= 1 || panels < 2)
        {
            job.Run(0, panels, splitN);
            return;
        }

        // Workers claim one panel at a time, so a descheduled worker does not stall the product.
        Workers.Run(workers, panels, 1, (_, from, to) => job.Run(from, to, splitN));
    }

    private static void EmptyProduct(int m, int n, float* c, int ldc, bool accumulate, Epilogue epilogue)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float* dst = c + ((long)i * ldc) + j;
                float v = accumulate ? *dst : epilogue.Kind switch
                {
                    BiasKind.PerColumn => epilogue.Bias[j],
                    BiasKind.PerRow => epilogue.Bias[i],
                    _ => 0f,
                };
                *dst = epilogue.Relu && v < 0f ? 0f : v;
            }
        }
    }

    /// <summary>Packs an m×k A into panels of MR rows, k-major inside a panel, zero-padding the last panel.</summary>
    public static void PackA(int m, int k, float* a, int rs, int cs, float* dst) => PackA(m, k, a, rs, cs, dst, (long)PanelRows * k);

    /// <summary>
    /// Packs an m×k A into panels of MR rows that start <paramref name="panelStride"/> floats apart, so that several
    /// calls can fill consecutive depth ranges of one packed operand (the depth offset is part of <paramref name="dst"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(int m, int k, float* a, int rs, int cs, float* dst, long panelStride)
    {
        int mr = PanelRows;
        for (int i0 = 0; i0 < m; i0 += mr)
        {
            int rows = Math.Min(mr, m - i0);
            float* panel = dst + (i0 / mr * panelStride);
            if (rows == 8 && mr == 8)
            {
                if (rs == 1)
                {
                    // Columns of A are contiguous: each depth step is one 8-float copy.
                    for (int p = 0; p < k; p++)
                    {
                        Vector256.Store(Vector256.Load(a + i0 + ((long)p * cs)), panel + (p * 8));
                    }

                    continue;
                }

                if (cs == 1)
                {
                    // Rows of A are contiguous: transpose 8×8 blocks.
                    Packing.Transpose8Rows(a + ((long)i0 * rs), rs, k, panel, 8);
                    continue;
                }
            }

            for (int p = 0; p < k; p++)
            {
                float* row = panel + (p * mr);
                float* src = a + ((long)i0 * rs) + ((long)p * cs);
                for (int r = 0; r < mr; r++)
                {
                    row[r] = r < rows ? src[(long)r * rs] : 0f;
                }
            }
        }
    }

    /// <summary>Packs a k×n B into panels of NR columns (each k×NR, row-major), zero-padding the last panel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(int k, int n, float* b, int rs, int cs, float* dst)
    {
        int nr = PanelColumns;
        for (int j0 = 0; j0 < n; j0 += nr)
        {
            PackBPanel(k, Math.Min(nr, n - j0), b + ((long)j0 * cs), rs, cs, dst + ((long)j0 * k));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackBPanel(int k, int cols, float* b, int rs, int cs, float* dst)
    {
        int nr = PanelColumns;
        if (cols == nr && cs == 1)
        {
            for (int p = 0; p < k; p++)
            {
                Packing.Copy(b + ((long)p * rs), dst + ((long)p * nr), nr);
            }

            return;
        }

        int j = 0;
        if (rs == 1)
        {
            // B is stored transposed: its columns are contiguous rows of memory, so transpose 8×8 blocks.
            for (; j + 8 <= cols; j += 8)
            {
                Packing.Transpose8Rows(b + ((long)j * cs), cs, k, dst + j, nr);
            }
        }

        for (int p = 0; p < k; p++)
        {
            float* src = b + ((long)p * rs);
            float* row = dst + ((long)p * nr);
            for (int jj = j; jj < cols; jj++)
            {
                row[jj] = src[(long)jj * cs];
            }

            for (int jj = cols; jj < nr; jj++)
            {
                row[jj] = 0f;
            }
        }
    }
}
