namespace OrleansFed.Learning.Kernels;

internal static unsafe partial class Gemm
{
    /// <summary>The tiles of one product; a worker takes a contiguous range of B panels (or of A panels when there are fewer B panels than workers).</summary>
    private readonly struct Job(
        KernelPath path, int m, int n, int k, int mr, int nr, float* aPacked, float* b, nint bRowStride, nint bPanelStep, float* bEdgePanel,
        float* c, int ldc, bool accumulate, Epilogue epilogue)
    {
        public void Run(int worker, int workers)
        {
            int mPanels = (m + mr - 1) / mr, nPanels = (n + nr - 1) / nr;
            bool splitN = nPanels >= workers;
            int total = splitN ? nPanels : mPanels;
            int first = (int)((long)total * worker / workers), last = (int)((long)total * (worker + 1) / workers);
            int jFrom = splitN ? first : 0, jTo = splitN ? last : nPanels;
            int iFrom = splitN ? 0 : first, iTo = splitN ? mPanels : last;
            float* scratch = stackalloc float[Kernels512.Rows * Kernels512.Columns];
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
                        if (rows == mr && cols == nr)
                        {
                            Tile(depth, blockA, blockB, ldb, tile, ldc, flags, bias);
                            continue;
                        }

                        // Edge tile: the full tile goes to scratch, then only its valid part merges into C.
                        Tile(depth, blockA, blockB, ldb, scratch, nr, 0, null);
                        for (int r = 0; r < rows; r++)
                        {
                            for (int j = 0; j < cols; j++)
                            {
                                float v = scratch[(r * nr) + j];
                                float* dst = tile + ((long)r * ldc) + j;
                                if ((flags & TileFlags.LoadC) != 0)
                                {
                                    v += *dst;
                                }
                                else if ((flags & TileFlags.BiasPerColumn) != 0)
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
            }
        }

        private void Tile(int depth, float* a, float* bPanel, nint ldb, float* tile, nint ldcTile, int flags, float* bias)
        {
            switch (path)
            {
                case KernelPath.Avx512:
                    Kernels512.Tile8x32(depth, a, bPanel, ldb, tile, ldcTile, flags, bias);
                    break;
                case KernelPath.Avx2:
                    Kernels256.Tile6x16(depth, a, bPanel, ldb, tile, ldcTile, flags, bias);
                    break;
                default:
                    PortableKernel.Tile8x32(depth, a, bPanel, ldb, tile, ldcTile, flags, bias);
                    break;
            }
        }
    }
}
