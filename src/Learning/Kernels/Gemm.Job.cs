using System.Runtime.CompilerServices;

namespace OrleansFed.Learning.Kernels;

internal static unsafe partial class Gemm
{
    /// <summary>The tiles of one product, computed B panel by B panel (or A panel by A panel).</summary>
    private readonly struct Job(
        int m, int n, int k, int mr, int nr, float* aPacked, float* b, nint bRowStride, nint bPanelStep, float* bEdgePanel,
        float* c, int ldc, bool accumulate, Epilogue epilogue)
    {
        /// <summary>Computes the tiles of B panels [from, to) (or of A panels [from, to) when <paramref name="splitN"/> is false).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int from, int to, bool splitN)
        {
            int mPanels = (m + mr - 1) / mr, nPanels = (n + nr - 1) / nr;
            int jFrom = splitN ? from : 0, jTo = splitN ? to : nPanels;
            int iFrom = splitN ? 0 : from, iTo = splitN ? mPanels : to;
            int biasFlags = epilogue.Kind switch
            {
                BiasKind.PerColumn => TileFlags.BiasPerColumn,
                BiasKind.PerRow => TileFlags.BiasPerRow,
                _ => 0,
            };
            for (int jp = jFrom; jp < jTo; jp++)
            {
                int j0 = jp * nr, cols = Math.Min(nr, n - j0);
                bool edgeB = cols < nr && bEdgePanel != null;
                float* panelB = edgeB ? bEdgePanel : b + (jp * bPanelStep);
                nint ldb = edgeB ? nr : bRowStride;
                for (int p0 = 0; p0 < k; p0 += DepthBlock)
                {
                    int depth = Math.Min(DepthBlock, k - p0);
                    bool firstBlock = p0 == 0, lastBlock = p0 + depth == k;
                    int flags = (firstBlock ? (accumulate ? TileFlags.LoadC : biasFlags) : TileFlags.LoadC)
                        | (lastBlock && epilogue.Relu ? TileFlags.Relu : 0);
                    float* blockB = panelB + (p0 * ldb);
                    for (int ip = iFrom; ip < iTo; ip++)
                    {
                        int i0 = ip * mr, rows = Math.Min(mr, m - i0);
                        float* blockA = aPacked + ((long)i0 * k) + (p0 * mr);
                        float* tile = c + ((long)i0 * ldc) + j0;
                        float* bias = (flags & TileFlags.BiasPerColumn) != 0 ? epilogue.Bias + j0
                            : (flags & TileFlags.BiasPerRow) != 0 ? epilogue.Bias + i0 : null;
                        Microkernel.Panel(1, depth, blockA, mr, 0, blockB, ldb, 0, tile, ldc, rows, cols, flags, bias);
                    }
                }
            }
        }
    }
}
