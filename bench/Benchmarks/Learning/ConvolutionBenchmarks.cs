using BenchmarkDotNet.Attributes;
using OrleansFed.Learning.Autograd;
using OrleansFed.Learning.Kernels;
using Tensor = OrleansFed.Learning.Tensors.Tensor;

namespace OrleansFed.Benchmarks.Learning;

/// <summary>
/// The benchmark CNN's convolutions on a batch of 64 (channels-last): the engine's implicit-GEMM forward (patches
/// read straight from the image by the row-form microkernel) against an explicit im2col (patch matrix written out)
/// followed by the generic packed GEMM, and the full forward + backward of each layer.
/// </summary>
[MemoryDiagnoser]
public unsafe class ConvolutionBenchmarks
{
    private const int Batch = 64;
    private Tensor _x = null!, _w = null!, _b = null!;
    private float[] _patches = [], _y = [], _seed = [];
    private Tape _tape = null!;
    private ConvGeometry _g;

    [Params("conv1 1->16 5x5 on 28x28", "conv2 16->32 5x5 on 12x12")]
    public string Layer { get; set; } = "conv2 16->32 5x5 on 12x12";

    [GlobalSetup]
    public void Setup()
    {
        _g = Layer.StartsWith("conv1", StringComparison.Ordinal) ? new ConvGeometry(1, 28, 28, 16, 5, 5, 1, 0) : new ConvGeometry(16, 12, 12, 32, 5, 5, 1, 0);
        var random = new Random(1);
        float[] Fill(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        _x = new Tensor(Fill(Batch * _g.InputSize), Batch, _g.Height, _g.Width, _g.InChannels) { RequiresGrad = _g.InChannels > 1 };
        _w = new Tensor(Fill(_g.OutChannels * _g.PatchSize), _g.OutChannels, 5, 5, _g.InChannels) { RequiresGrad = true };
        _b = new Tensor(Fill(_g.OutChannels), _g.OutChannels) { RequiresGrad = true };
        _patches = new float[_g.Positions * _g.PatchSize];
        _y = new float[Batch * _g.OutputSize];
        _seed = Enumerable.Range(0, Batch * _g.OutputSize).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        _tape = new Tape();
    }

    [Benchmark(Baseline = true, Description = "forward: implicit GEMM (engine)")]
    public void ForwardImplicit()
    {
        _tape.Reset();
        Ops.Conv2d(_tape, _x, _w, _b, activation: Activation.Relu);
    }

    [Benchmark(Description = "forward: explicit im2col + packed GEMM")]
    public void ForwardExplicitIm2Col()
    {
        int run = _g.RowRun, k = _g.PatchSize;
        fixed (float* x = _x.Data, w = _w.Data, patches = _patches, y = _y, bias = _b.Data)
        {
            for (int s = 0; s < Batch; s++)
            {
                float* image = x + ((long)s * _g.InputSize);
                for (int r = 0; r < _g.OutHeight; r++)
                {
                    for (int q = 0; q < _g.OutWidth; q++)
                    {
                        float* row = patches + ((((long)r * _g.OutWidth) + q) * k);
                        for (int ki = 0; ki < _g.KernelHeight; ki++)
                        {
                            new ReadOnlySpan<float>(image + ((((long)(r + ki) * _g.Width) + q) * _g.InChannels), run).CopyTo(new Span<float>(row + (ki * run), run));
                        }
                    }
                }

                // y_s [P×Cout] = patches [P×K] · Wᵀ [K×Cout] + bias, ReLU.
                Gemm.Multiply(_g.Positions, _g.OutChannels, k, patches, k, 1, w, 1, k, y + ((long)s * _g.OutputSize), _g.OutChannels, false,
                    new Epilogue(bias, BiasKind.PerColumn, relu: true));
            }
        }
    }

    [Benchmark(Description = "forward + backward (engine)")]
    public void ForwardBackward()
    {
        _tape.Reset();
        _w.ClearGradient();
        _b.ClearGradient();
        _x.ClearGradient();
        Tensor y = Ops.Conv2d(_tape, _x, _w, _b, activation: Activation.Relu);
        _tape.Backward(y, _seed);
    }
}
