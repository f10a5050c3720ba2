using System.Numerics.Tensors;
using OrleansFed.Learning.Kernels;

namespace OrleansFed.Learning.Autograd;

/// <summary>
/// Backward step of <see cref="Ops.Conv2d"/>. Patches are recomputed rather than kept from the forward pass (they
/// are K×P floats per example, far larger than the input), then:
/// dW = Σ_examples dZ·colsᵀ (examples grouped so that one product has depth ≈ <see cref="Gemm.DepthBlock"/>),
/// db = Σ dZ over positions, and dX = col2im(Wᵀ·dZ). Threads split the batch; their dW and db partials are summed.
/// </summary>
internal sealed unsafe class Conv2dNode(ConvGeometry g, Tensor x, Tensor w, Tensor? b, Tensor y, bool relu) : BackwardNode, IPerExampleGradient
{
    private float[]? _perExample;
    private int _batch;

    private int PerExampleSize => (g.OutChannels * g.PatchSize) + (b is null ? 0 : g.OutChannels);

    public override void Backward(Tape tape)
    {
        if (!y.HasGradient)
        {
            return;
        }

        int batch = x.Dim(0);
        _batch = batch;
        float[] dz = y.GradientBuffer!;
        if (relu)
        {
            float[] masked = tape.Rent(y.Length);
            Ops.ReluMask(y.Data, dz.AsSpan(0, y.Length), masked);
            dz = masked;
        }

        bool perExample = tape.PerExample is not null && (w.RequiresGrad || (b?.RequiresGrad ?? false));
        bool needW = w.RequiresGrad || perExample, needB = b is not null && (b.RequiresGrad || perExample), needX = x.RequiresGrad;
        int workers = Math.Min(tape.Threads, batch);
        int k = g.PatchSize, p = g.Positions, cout = g.OutChannels, nr = Gemm.PanelColumns;
        int group = perExample ? 1 : Math.Max(1, Gemm.DepthBlock / p);
        int depth = group * p;

        // Per-worker scratch: position panels, patch panels, packed dZ, dcols, and dW/db partials.
        int posSize = Gemm.PackedBSize(k, p), patchSize = Gemm.PackedBSize(depth, k), dzSize = Gemm.PackedASize(cout, depth);
        int dcolsSize = needX ? k * p : 0, partialW = needW && !perExample ? cout * k : 0, partialB = needB && !perExample ? cout : 0;
        int scratch = posSize + patchSize + dzSize + dcolsSize + partialW + partialB;
        float[] buffer = tape.Rent(scratch * workers);
        float[]? packedWt = needX ? tape.Rent(Gemm.PackedASize(k, cout)) : null;
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

        fixed (float* pw = w.Buffer, pwt = packedWt)
        {
            if (needX)
            {
                Gemm.PackA(k, cout, pw, 1, k, pwt);
            }
        }

        float[] dzArray = dz;
        Workers.Run(workers, worker =>
        {
            (int start, int end) = Workers.Range(batch, worker, workers);
            fixed (float* pbuf = buffer, px = x.Buffer, pdz = dzArray, pwt = packedWt, pdx = x.RequiresGrad ? x.GradientBuffer : null, ppe = _perExample)
            {
                float* mine = pbuf + ((long)worker * scratch);
                float* positions = mine, patches = positions + posSize, dzPanels = patches + patchSize, dcols = dzPanels + dzSize;
                float* dwPartial = dcols + dcolsSize, dbPartial = dwPartial + partialW;
                bool firstGroup = true;
                for (int s0 = start; s0 < end; s0 += group)
                {
                    int count = Math.Min(group, end - s0);
                    for (int i = 0; i < count; i++)
                    {
                        int s = s0 + i;
                        float* dzs = pdz + ((long)s * g.OutputSize);
                        if (needW)
                        {
                            Im2Col.ToPositionPanels(g, px + ((long)s * g.InputSize), positions);
                            Im2Col.PositionToPatchPanels(g, positions, patches, count * p, i * p);
                            Gemm.PackA(cout, p, dzs, p, 1, dzPanels + ((long)i * p * Gemm.PanelRows), (long)Gemm.PanelRows * count * p);
                        }

                        if (needX)
                        {
                            // dcols = Wᵀ·dZ_s, then scatter-add onto dX_s.
                            Gemm.MultiplyPackedA(k, p, cout, pwt, dzs, p, 1, dcols, p, false, default, 1);
                            Im2Col.AddColumnsToImage(g, dcols, pdx + ((long)s * g.InputSize));
                        }

                        if (perExample && needB)
                        {
                            float* db = ppe + ((long)s * PerExampleSize) + (cout * k);
                            for (int c = 0; c < cout; c++)
                            {
                                db[c] = TensorPrimitives.Sum(new ReadOnlySpan<float>(dzs + ((long)c * p), p));
                            }
                        }
                        else if (needB)
                        {
                            for (int c = 0; c < cout; c++)
                            {
                                float sum = TensorPrimitives.Sum(new ReadOnlySpan<float>(dzs + ((long)c * p), p));
                                dbPartial[c] = firstGroup && i == 0 ? sum : dbPartial[c] + sum;
                            }
                        }
                    }

                    if (needW)
                    {
                        float* target = perExample ? ppe + ((long)s0 * PerExampleSize) : dwPartial;
                        bool accumulate = !perExample && !firstGroup;
                        Gemm.MultiplyPacked(cout, k, count * p, dzPanels, patches, nr, (nint)count * p * nr, null, target, k, accumulate, default, 1);
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

        if (w.RequiresGrad)
        {
            SumPartials(tape.GradientTarget(w, out bool acc), acc, buffer, scratch, workers, posSize + patchSize + dzSize + dcolsSize, cout * k);
        }

        if (b is not null && b.RequiresGrad)
        {
            SumPartials(tape.GradientTarget(b, out bool acc), acc, buffer, scratch, workers, posSize + patchSize + dzSize + dcolsSize + partialW, cout);
        }
    }

    public void AddSquaredNorms(Span<float> squaredNorms)
    {
        int size = PerExampleSize;
        for (int s = 0; s < _batch; s++)
        {
            ReadOnlySpan<float> g1 = _perExample.AsSpan(s * size, size);
            squaredNorms[s] += TensorPrimitives.Dot(g1, g1);
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

        for (int s = 0; s < _batch; s++)
        {
            ReadOnlySpan<float> example = _perExample.AsSpan(s * size, size);
            if (w.RequiresGrad)
            {
                TensorPrimitives.MultiplyAdd(example[..wSize], scale[s], dw, dw);
            }

            if (!db.IsEmpty)
            {
                TensorPrimitives.MultiplyAdd(example[wSize..], scale[s], db, db);
            }
        }
    }

    private static void SumPartials(Span<float> target, bool accumulate, float[] buffer, int scratch, int workers, int offset, int length)
    {
        for (int worker = 0; worker < workers; worker++)
        {
            ReadOnlySpan<float> partial = buffer.AsSpan((worker * scratch) + offset, length);
            if (worker == 0 && !accumulate)
            {
                partial.CopyTo(target);
            }
            else
            {
                TensorPrimitives.Add(target, partial, target);
            }
        }
    }
}
