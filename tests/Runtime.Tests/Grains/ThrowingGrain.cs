namespace OrleansFed.Runtime.Tests.Grains;

public interface IThrowingGrain : IGrainWithStringKey
{
    Task ThrowRule(string message);

    Task<int> ThrowArgument();

    ValueTask<int> ThrowSynchronously();

    Task<int> CountCalls();
}

public sealed class RoundRuleException(string message) : Exception(message);

internal sealed class ThrowingGrain : Grain, IThrowingGrain
{
    private int _calls;

    public async Task ThrowRule(string message)
    {
        _calls++;
        await Task.Yield();
        throw new RoundRuleException(message);
    }

    public Task<int> ThrowArgument()
    {
        _calls++;
        return Task.FromException<int>(new ArgumentOutOfRangeException("round", 7, "round out of range"));
    }

    public ValueTask<int> ThrowSynchronously()
    {
        _calls++;
        throw new InvalidOperationException("thrown before any await");
    }

    public Task<int> CountCalls() => Task.FromResult(_calls);
}
