using BenchmarkDotNet.Attributes;
using OrleansFed.Learning;
using OrleansFed.Learning.Autograd;
using OrleansFed.Learning.Optimizers;
using Tensor = OrleansFed.Learning.Tensors.Tensor;

namespace OrleansFed.Benchmarks.Learning;

/// <summary>One SGD step (forward, softmax cross-entropy, backward, update) of the benchmark models on a batch of 64.</summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private const int Batch = 64;
    private Model _model = null!;
    private Sgd _sgd = null!;
    private Tape _tape = null!;
    private float[] _x = [];
    private int[] _labels = [];

    [Params("mlp", "cnn")]
    public string Model { get; set; } = "mlp";

    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        _model = OrleansFed.Learning.Model.Create(ModelSpec.Parse(Model), seed: 0);
        _sgd = new Sgd(_model.Parameters, 0.01f);
        _tape = new Tape(Threads);
        var random = new Random(1);
        _x = Enumerable.Range(0, Batch * 784).Select(_ => (float)random.NextDouble()).ToArray();
        _labels = Enumerable.Range(0, Batch).Select(i => i % 10).ToArray();
    }

    [Benchmark]
    public void Step()
    {
        _tape.Reset();
        Tensor loss = Losses.SoftmaxCrossEntropy(_tape, _model.Forward(_tape, _x, Batch), _labels);
        _sgd.ZeroGrad();
        _tape.Backward(loss);
        _sgd.Step();
    }
}
