using OrleansFed.Learning.Autograd;
using OrleansFed.Learning.Tensors;

namespace OrleansFed.Learning.Layers;

/// <summary>
/// Layers applied in order. A Linear or Conv2d directly followed by a ReLU runs as one fused operation, and
/// Conv2d → ReLU → MaxPool2d as one more (same results, far less memory traffic).
/// </summary>
public sealed class Sequential : Layer
{
    private readonly Layer[] _layers;
    private readonly Tensor[] _parameters;

    /// <summary>Creates the stack.</summary>
    /// <param name="layers">Layers, first to last.</param>
    public Sequential(params Layer[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = (Layer[])layers.Clone();
        _parameters = _layers.SelectMany(l => l.Parameters).ToArray();
    }

    /// <summary>The layers, first to last.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <inheritdoc/>
    public override IReadOnlyList<Tensor> Parameters => _parameters;

    /// <inheritdoc/>
    public override bool Training
    {
        get => base.Training;
        set
        {
            base.Training = value;
            foreach (Layer layer in _layers)
            {
                layer.Training = value;
            }
        }
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tape tape, Tensor input)
    {
        Tensor x = input;
        for (int i = 0; i < _layers.Length; i++)
        {
            bool reluNext = i + 1 < _layers.Length && _layers[i + 1] is Relu;
            switch (_layers[i])
            {
                case Linear linear when reluNext:
                    x = linear.Forward(tape, x, Activation.Relu);
                    i++;
                    break;
                case Conv2d conv when reluNext && i + 2 < _layers.Length && _layers[i + 2] is MaxPool2d pool:
                    x = conv.ForwardReluPool(tape, x, pool);
                    i += 2;
                    break;
                case Conv2d conv when reluNext:
                    x = conv.Forward(tape, x, Activation.Relu);
                    i++;
                    break;
                default:
                    x = _layers[i].Forward(tape, x);
                    break;
            }
        }

        return x;
    }
}
