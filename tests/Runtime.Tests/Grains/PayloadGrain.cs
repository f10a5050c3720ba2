namespace OrleansFed.Runtime.Tests.Grains;

public interface IPayloadGrain : IGrainWithStringKey
{
    Task Keep(float[] weights);

    Task KeepUpdate(ModelUpdate update);

    Task KeepMemory(ReadOnlyMemory<byte> bytes);

    Task<float[]> Kept();

    Task<ModelUpdate?> KeptUpdate();

    Task<byte[]> KeptBytes();

    /// <summary>Returns the grain's own array; the caller must receive a copy.</summary>
    Task<float[]> Internal();

    Task<float> InternalFirst();

    Task<Shape> Echo(Shape shape);

    ValueTask<ImmutableArray<int>> Numbers(ImmutableArray<int> numbers);
}

public sealed record ModelUpdate(string Participant, int Samples, float[] Weights);

public abstract record Shape(string Name);

public sealed record Circle(double Radius) : Shape("circle");

public record Polygon(ImmutableArray<double> Sides) : Shape("polygon")
{
    public string? Label { get; set; }
}

internal sealed class PayloadGrain : Grain, IPayloadGrain
{
    private readonly float[] _internal = [1f, 2f, 3f];
    private float[] _kept = [];
    private ModelUpdate? _update;
    private ReadOnlyMemory<byte> _bytes;

    public Task Keep(float[] weights)
    {
        _kept = weights;
        return Task.CompletedTask;
    }

    public Task KeepUpdate(ModelUpdate update)
    {
        _update = update;
        return Task.CompletedTask;
    }

    public Task KeepMemory(ReadOnlyMemory<byte> bytes)
    {
        _bytes = bytes;
        return Task.CompletedTask;
    }

    public Task<float[]> Kept() => Task.FromResult(_kept);

    public Task<ModelUpdate?> KeptUpdate() => Task.FromResult(_update);

    public Task<byte[]> KeptBytes() => Task.FromResult(_bytes.ToArray());

    public Task<float[]> Internal() => Task.FromResult(_internal);

    public Task<float> InternalFirst() => Task.FromResult(_internal[0]);

    public Task<Shape> Echo(Shape shape) => Task.FromResult(shape);

    public ValueTask<ImmutableArray<int>> Numbers(ImmutableArray<int> numbers) => ValueTask.FromResult(numbers.Add(numbers.Length));
}
