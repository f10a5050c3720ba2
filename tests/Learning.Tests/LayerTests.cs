using OrleansFed.Learning.Autograd;
using OrleansFed.Learning.Layers;
using Xunit;
using static OrleansFed.Learning.Tests.GradientCheck;

namespace OrleansFed.Learning.Tests;

[Collection(GemmPathCollection.Name)]
public sealed class LayerTests
{
    [Fact]
    public void A_small_cnn_built_from_its_spec_passes_the_gradient_check_end_to_end()
    {
        // Conv(2→4, 3, pad 1) → ReLU → MaxPool(2) → Conv(4→6, 3) → Tanh → Flatten → Linear(6·2·2→5) → Sigmoid → Linear(5→3).
        var spec = new ModelSpec("small", [2, 8, 8],
        [
            LayerSpec.Conv2d(2, 4, 3, padding: 1), LayerSpec.Relu(), LayerSpec.MaxPool2d(2), LayerSpec.Conv2d(4, 6, 3), LayerSpec.Tanh(),
            LayerSpec.Flatten(), LayerSpec.Linear(24, 5), LayerSpec.Sigmoid(), LayerSpec.Linear(5, 3),
        ]);
        Model model = Model.Create(spec, seed: 4);
        int n = 3;
        double[] x = Random(n * 128, 5);
        int[] labels = [2, 0, 1];
        Tensor[] parameters = model.Parameters.ToArray();
        double[][] paramValues = parameters.Select(p => p.Data.ToArray().Select(v => (double)v).ToArray()).ToArray();

        // The reference recomputes the same network in double precision from the parameter values.
        double Forward(double[][] v)
        {
            double[] h = Reference.Conv2d(v[0], v[1], v[2], n, 2, 8, 8, 4, 3, 1, 1, out _, out _);
            h = Reference.MaxPool(Reference.Map(h, Reference.Relu), n, 4, 8, 8, 2, 2);
            h = Reference.Map(Reference.Conv2d(h, v[3], v[4], n, 4, 4, 4, 6, 3, 1, 0, out _, out _), Math.Tanh);
            h = Reference.Map(Reference.Linear(h, v[5], v[6], n, 24, 5), Reference.Sigmoid);
            return Reference.CrossEntropy(Reference.Linear(h, v[7], v[8], n, 5, 3), labels, 3, mean: true);
        }

        Tensor input = ToTensor(x, [n, 8, 8, 2]);
        Check([input, .. parameters], [x, .. paramValues], (t, v) => Losses.SoftmaxCrossEntropy(t, model.Network.Forward(t, v[0]), labels), Forward);
    }

    [Fact]
    public void Layers_forward_to_their_ops_and_expose_parameters_in_order()
    {
        var linear = new Linear(4, 3, seed: 1);
        var conv = new Conv2d(2, 5, 3, stride: 2, padding: 1, bias: false, seed: 1);
        var net = new Sequential(conv, new Relu(), new MaxPool2d(2), new Flatten(), new Dropout(0.5f, seed: 3), new Linear(5 * 2 * 2, 4, seed: 2), new Tanh(), linear, new Softmax());
        Assert.Equal(5, net.Parameters.Count);
        Assert.Same(conv.Weight, net.Parameters[0]);
        Assert.Same(linear.Bias, net.Parameters[4]);
        Assert.Null(conv.Bias);

        net.Training = false;
        Tensor probabilities = net.Forward(new Tape(recordGradients: false), new Tensor(2, 8, 8, 2));
        Assert.Equal([2, 3], probabilities.Shape.ToArray());
        Assert.Equal(1f, probabilities.Data[..3].ToArray().Sum(), 1e-5f);
    }

    [Fact]
    public void Dropout_is_the_identity_outside_training()
    {
        var dropout = new Dropout(0.9f) { Training = false };
        var x = new Tensor([1f, 2f, 3f], 3);
        Assert.Same(x, dropout.Forward(new Tape(), x));
    }

    [Fact]
    public void Every_layer_kind_builds_from_a_spec_and_round_trips_a_checkpoint()
    {
        var spec = new ModelSpec("all", [1, 6, 6],
        [
            LayerSpec.Conv2d(1, 2, 3, stride: 1, padding: 1), LayerSpec.BoundedRelu(), LayerSpec.MaxPool2d(2), LayerSpec.Flatten(),
            LayerSpec.Dropout(0.1), LayerSpec.Linear(18, 6, bias: false), LayerSpec.Tanh(), LayerSpec.Linear(6, 4), LayerSpec.Sigmoid(),
            LayerSpec.Linear(4, 3), LayerSpec.LogSoftmax(),
        ]);
        Model model = Model.Create(spec, seed: 8);
        Assert.Equal((2 * 9) + 2 + (18 * 6) + (6 * 4) + 4 + (4 * 3) + 3, model.ParameterCount);
        byte[] bytes = ModelCheckpoint.ToBytes(model);
        Model back = ModelCheckpoint.FromBytes(bytes);
        Assert.Equal(spec, back.Spec);
        Assert.Equal(model.GetParameters(), back.GetParameters());
    }
}
