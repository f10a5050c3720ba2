using System.Numerics.Tensors;
using OrleansFed.Learning.Kernels;

namespace OrleansFed.Learning.Autograd;

/// <summary>
/// Backward step of <see cref="Ops.Conv2d"/> over channels-last tensors. With dZ the output gradient (masked by the
/// fused ReLU): dW[Cout×K] = Σ dZᵀ·patches (dZᵀ is read in place as the A operand, patches are packed as B panels,
/// examples grouped so that one product has depth ≈ <see cref="Gemm.DepthBlock"/>), db = Σ dZ, and per example
/// dX += scatter(dZ·W). Threads split the batch and their dW and db partials are summed. In per-example (DP-SGD)
/// mode every example's dW and db are formed separately and handed to the collector. When the convolution was fused with
/// ReLU and max pooling (<paramref name="pool"/> set, <paramref name="y"/> the pooled output), the convolution's output
/// was never stored: each group's dZ is rebuilt in scratch by routing the pooled gradient to the recorded maxima
/// where the pooled value is positive.
/// </summary>
internal sealed unsafe partial class Conv2dNode(ConvGeometry g, Tensor x, Tensor w, Tensor? b, Tensor y, bool relu, PoolLink? pool = null) : BackwardNode, IPerExampleGradient
{
    private float[]? _perExample;
    private int _batch;
    private bool _transposed;

    private int PerExampleSize => (g.OutChannels * g.PatchSize) + (b is null ? 0 : g.OutChannels);

    public override void Backward(Tape tape)
    {
        if (!y.HasGradient)
        {
            return;
        }

        int batch = x.Dim(0);
        _batch = batch;
        float[]? dz = pool is not null ? null : relu ? tape.Rent(y.Length) : y.GradientBuffer!;

        bool perExample = tape.PerExample is not null && (w.RequiresGrad || (b?.RequiresGrad ?? false));
        bool needW = w.RequiresGrad || perExample, needB = b is not null && (b.RequiresGrad || perExample), needX = x.RequiresGrad;
        int workers = Math.Min(tape.Threads, batch);
        int k = g.PatchSize, p = g.Positions, cout = g.OutChannels, nr = Gemm.PanelColumns;
        WeightMethod method = needW ? ChooseWeightMethod() : WeightMethod.PackedPatches;
        _transposed = method != WeightMethod.PackedPatches;
        int group = perExample || _transposed ? 1 : Math.Max(1, Gemm.DepthBlock / p);

        // Per-worker scratch: padded input, patch panels, dcols, padded dX, and dW/db partials.
        int padSize = g.PaddedSize, patchSize = needW && !_transposed ? Gemm.PackedBSize(group * p, k) : 0, dcolsSize = needX ? p * k : 0;
        int partialW = needW && !perExample ? cout * k : 0, partialB = needB && !perExample ? cout : 0;
        int dzScratch = pool is not null ? group * g.OutputSize : 0;
        int scratch = padSize + patchSize + dcolsSize + padSize + partialW + partialB + dzScratch;
        float[] buffer = tape.Rent(Math.Max(1, scratch * workers));
        float[]? wEdge = null;
        if (needX && k % nr != 0)
        {
            // The last B panel of W [Cout×K] is partial: pack it (zero-padded) once.
            wEdge = tape.Rent(cout * nr);
            int full = k / nr * nr;
            for (int co = 0; co < cout; co++)
            {
                Span<float> row = wEdge.AsSpan(co * nr, nr);
                row.Clear();
                w.Data.Slice((co * k) + full, k - full).CopyTo(row);
            }
        }

        if (perExample)
        {
            _perExample = tape.Rent(batch * PerExampleSize);
        }

        if (needX)
        {
            Span<float> dx = tape.GradientTarget(x, out bool accX);
            if (!accX)
            {
                dx.Clear();
            }
        }

        float[]? dzArray = dz;
        bool[] slotUsed = new bool[workers];
        Workers.Run(workers, batch, Workers.ChunkFor(batch, workers), (worker, start, end) =>
        {
            fixed (float* pbuf = buffer, px = x.Buffer, pdz = dzArray, pw = w.Buffer, pedge = wEdge, pdx = needX ? x.GradientBuffer : null, ppe = _perExample)
            {
                float* mine = pbuf + ((long)worker * scratch);
                float* padded = mine, patches = padded + padSize, dcols = patches + patchSize, paddedDx = dcols + dcolsSize;
                float* dwPartial = paddedDx + padSize, dbPartial = dwPartial + partialW, dzGroup = dbPartial + partialB;
                if (relu && dzArray is not null)
                {
                    // The fused ReLU's mask, applied to this worker's examples only.
                    int from = start * g.OutputSize, length = (end - start) * g.OutputSize;
                    Ops.ReluMask(y.Data.Slice(from, length), y.GradientBuffer.AsSpan(from, length), dzArray.AsSpan(from, length));
                }

                // A slot's partial sums are overwritten by its first chunk and accumulated by later ones.
                bool firstGroup = !slotUsed[worker];
                slotUsed[worker] = true;
                for (int s0 = start; s0 < end; s0 += group)
                {
                    int count = Math.Min(group, end - s0);
                    float* dzBase = pdz + ((long)s0 * g.OutputSize);
                    if (pool is not null)
                    {
                        pool.RouteGradient(s0, count, g.OutputSize, dzGroup);
                        dzBase = dzGroup;
                    }

                    for (int i = 0; i < count; i++)
                    {
                        int s = s0 + i;
                        float* dzs = dzBase + ((long)i * g.OutputSize);
                        float* src = px + ((long)s * g.InputSize);
                        if (needW)
                        {
                            if (padSize > 0)
                            {
                                ChannelsLastConv.Pad(g, src, padded);
                                src = padded;
                            }

                            if (_transposed)
                            {
                                // dWᵀ straight from the image: no patch packing.
                                float* target = perExample ? ppe + ((long)s * PerExampleSize) : dwPartial;
                                ImplicitWeightGradient(method, src, dzs, target, accumulate: !perExample && !(firstGroup && i == 0));
                            }
                            else
                            {
                                ChannelsLastConv.PackPatches(g, src, patches, count * p, i * p);
                            }
                        }

                        if (needX)
                        {
                            InputGradient(dzs, pw, pedge, dcols, paddedDx, pdx + ((long)s * g.InputSize));
                        }

                        if (needB)
                        {
                            float* db = perExample ? ppe + ((long)s * PerExampleSize) + (cout * k) : dbPartial;
                            bool overwrite = perExample || (firstGroup && i == 0);
                            BiasGradient(dzs, db, overwrite);
                        }
                    }

                    if (needW && !_transposed)
                    {
                        float* target = perExample ? ppe + ((long)s0 * PerExampleSize) : dwPartial;
                        bool accumulate = !perExample && !firstGroup;
                        WeightGradient(dzBase, patches, count * p, target, accumulate);
                    }

                    firstGroup = false;
                }
            }
        });

        if (perExample)
        {
            tape.PerExample!.Add(this);
            return;
        }

        int partialOffset = padSize + patchSize + dcolsSize + padSize;
        if (w.RequiresGrad)
        {
            Span<float> dw = tape.GradientTarget(w, out bool acc);
            if (_transposed)
            {
                // Partials hold dWᵀ [K×Cout]: sum them, then transpose into dW [Cout×K].
                float[] sum = tape.Rent(cout * k);
                SumPartials(sum, false, buffer, scratch, slotUsed, partialOffset, cout * k);
                TransposeInto(sum, dw, acc);
            }
            else
            {
                SumPartials(dw, acc, buffer, scratch, slotUsed, partialOffset, cout * k);
            }
        }

        if (b is not null && b.RequiresGrad)
        {
            SumPartials(tape.GradientTarget(b, out bool acc), acc, buffer, scratch, slotUsed, partialOffset + partialW, cout);
        }
    }

    public void AccumulateScaled(ReadOnlySpan<float> scale, Tape tape)
    {
        int size = PerExampleSize, wSize = g.OutChannels * g.PatchSize;
        Span<float> dw = default, db = default;
        if (w.RequiresGrad)
        {
            dw = tape.GradientTarget(w, out bool accW);
            if (!accW)
            {
                dw.Clear();
            }
        }

        if (b is not null && b.RequiresGrad)
        {
            db = tape.GradientTarget(b, out bool accB);
            if (!accB)
            {
                db.Clear();
            }
        }

        Span<float> dwTarget = dw;
        if (_transposed && !dw.IsEmpty)
        {
            // Per-example weight gradients are stored as dWᵀ: sum them transposed, then transpose once.
            dwTarget = tape.Rent(wSize);
            dwTarget.Clear();
        }

        for (int s = 0; s < _batch; s++)
        {
            ReadOnlySpan<float> example = _perExample.AsSpan(s * size, size);
            if (!dw.IsEmpty)
            {
                TensorPrimitives.MultiplyAdd(example[..wSize], scale[s], dwTarget, dwTarget);
            }

            if (!db.IsEmpty)
            {
                TensorPrimitives.MultiplyAdd(example[wSize..], scale[s], db, db);
            }
        }

        if (_transposed && !dw.IsEmpty)
        {
            TransposeInto(dwTarget, dw, accumulate: true);
        }
    }

    private enum WeightMethod
    {
        /// <summary>Patches packed as B panels; dW = dZᵀ·patches.</summary>
        PackedPatches,

        /// <summary>dWᵀ tiles of MR consecutive patch elements inside one kernel row: the panel form reads the image directly.</summary>
        ImplicitPanel,

        /// <summary>One input channel, stride 1: the row form reads each patch element's run of positions from the image.</summary>
        ImplicitRows,
    }

    private WeightMethod ChooseWeightMethod()
    {
        int nr = Microkernel.Columns, cout = g.OutChannels;

        // dZ rows are the B operand read in place: every B panel must stay inside a row of dZ.
        bool bInPlace = cout % nr == 0 || (Gemm.ActivePath == Gemm.KernelPath.Avx512 && cout % 16 == 0);
        if (!bInPlace)
        {
            return WeightMethod.PackedPatches;
        }

        if (g.RowRun % Microkernel.Rows == 0)
        {
            return WeightMethod.ImplicitPanel;
        }

        return g.InChannels == 1 && g.Stride == 1 ? WeightMethod.ImplicitRows : WeightMethod.PackedPatches;
    }

    /// <summary>dWᵀ[K×Cout] (+)= patchesᵀ·dZ_s for one example, reading patches straight from the (padded) image.</summary>
    private void ImplicitWeightGradient(WeightMethod method, float* src, float* dzs, float* dwt, bool accumulate)
    {
        int mr = Microkernel.Rows, nr = Microkernel.Columns, cout = g.OutChannels, k = g.PatchSize;
        int oh = g.OutHeight, ow = g.OutWidth, c = g.InChannels, st = g.Stride, wp = g.Padding == 0 ? g.Width : g.PaddedWidth, run = g.RowRun;
        int flags = accumulate ? TileFlags.LoadC : 0;
        float** rows = stackalloc float*[Kernels512.Rows];
        for (int j0 = 0; j0 < cout; j0 += nr)
        {
            int cols = Math.Min(nr, cout - j0);
            for (int i0 = 0; i0 < k; i0 += mr)
            {
                int valid = Math.Min(mr, k - i0);
                float* tile = dwt + ((long)i0 * cout) + j0;
                if (method == WeightMethod.ImplicitPanel)
                {
                    // Patch elements i0…i0+MR−1 are contiguous inside kernel row i0 / run.
                    float* a = src + ((long)(i0 / run) * wp * c) + (i0 % run);
                    Microkernel.Panel(oh, ow, a, (nint)st * c, (nint)st * wp * c, dzs + j0, cout, (nint)ow * cout, tile, cout, valid, cols, flags, null);
                }
                else
                {
                    for (int j = 0; j < mr; j++)
                    {
                        int e = i0 + Math.Min(j, valid - 1);
                        rows[j] = src + ((long)(e / g.KernelWidth) * wp) + (e % g.KernelWidth);
                    }

                    Microkernel.RowsForm(oh, ow, rows, wp, dzs + j0, cout, (nint)ow * cout, tile, cout, valid, cols, flags, null);
                }
            }
        }
    }

    private void TransposeInto(ReadOnlySpan<float> dwt, Span<float> dw, bool accumulate)
    {
        int cout = g.OutChannels, k = g.PatchSize;
        for (int co = 0; co < cout; co++)
        {
            for (int e = 0; e < k; e++)
            {
                float v = dwt[(e * cout) + co];
                dw[(co * k) + e] = accumulate ? dw[(co * k) + e] + v : v;
            }
        }
    }

    /// <summary>dW[Cout×K] (+)= dZᵀ·patches over <paramref name="depth"/> positions (dZ rows are positions, read column-wise).</summary>
    private void WeightGradient(float* dz, float* patches, int depth, float* dw, bool accumulate)
    {
        int mr = Microkernel.Rows, nr = Microkernel.Columns, cout = g.OutChannels, k = g.PatchSize;
        int flags = accumulate ? TileFlags.LoadC : 0;
        float[]? edge = null;
        int edgeRows = cout % mr;
        if (edgeRows != 0)
        {
            // The last channel group is partial: pack it (zero rows) so that no read passes the end of dZ.
            edge = System.Buffers.ArrayPool<float>.Shared.Rent(depth * mr);
        }

        try
        {
            fixed (float* pe = edge)
            {
                if (pe != null)
                {
                    Gemm.PackA(edgeRows, depth, dz + (cout - edgeRows), 1, cout, pe);
                }

                for (int j0 = 0; j0 < k; j0 += nr)
                {
                    float* panel = patches + ((long)j0 * depth);
                    for (int co = 0; co < cout; co += mr)
                    {
                        // A(i, p) = dZ[p, co + i]: the MR values of one depth step are contiguous.
                        int rows = Math.Min(mr, cout - co);
                        bool partial = rows < mr;
                        Microkernel.Panel(1, depth, partial ? pe : dz + co, partial ? mr : cout, 0, panel, nr, 0, dw + ((long)co * k) + j0, k,
                            rows, Math.Min(nr, k - j0), flags, null);
                    }
                }
            }
        }
        finally
        {
            if (edge is not null)
            {
                System.Buffers.ArrayPool<float>.Shared.Return(edge);
            }
        }
    }

    /// <summary>dX_s += scatter(dZ_s·W): dcols[P×K] from the microkernel's row form over dZ rows, then added onto the image.</summary>
    private void InputGradient(float* dzs, float* pw, float* wEdge, float* dcols, float* paddedDx, float* dxs)
    {
        int mr = Microkernel.Rows, nr = Microkernel.Columns, cout = g.OutChannels, k = g.PatchSize, p = g.Positions;
        float** rows = stackalloc float*[Kernels512.Rows];
        for (int j0 = 0; j0 < k; j0 += nr)
        {
            // One B panel (Cout rows of W) stays in L1 while every group of positions passes over it.
            int cols = Math.Min(nr, k - j0);
            bool edge = cols < nr;
            for (int p0 = 0; p0 < p; p0 += mr)
            {
                int valid = Math.Min(mr, p - p0);
                for (int j = 0; j < mr; j++)
                {
                    rows[j] = dzs + ((long)(p0 + Math.Min(j, valid - 1)) * cout);
                }

                Microkernel.RowsForm(1, cout, rows, 0, edge ? wEdge : pw + j0, edge ? nr : k, 0, dcols + ((long)p0 * k) + j0, k, valid, cols, 0, null);
            }
        }

        if (g.Padding == 0)
        {
            ChannelsLastConv.AddPatches(g, dcols, dxs);
            return;
        }

        new Span<float>(paddedDx, g.PaddedSize).Clear();
        ChannelsLastConv.AddPatches(g, dcols, paddedDx);
        ChannelsLastConv.AddInterior(g, paddedDx, dxs);
    }

    private void BiasGradient(float* dzs, float* db, bool overwrite) =>
        ChannelsLastConv.ColumnSums(dzs, g.Positions, g.OutChannels, db, overwrite);
}
