namespace OrleansFed.Runtime.Tests.Invocation;

public interface IListGrain : IGrainWithStringKey
{
    Task Add(List<int> items);
}

public interface ISyncGrain : IGrainWithStringKey
{
    int Count();
}

public sealed class MutableSettings
{
    public double Rate { get; set; }
}

public interface IMutableArgumentGrain : IGrainWithStringKey
{
    Task Configure(MutableSettings settings);
}

internal sealed class ListGrain : Grain, IListGrain
{
    public Task Add(List<int> items) => Task.CompletedTask;
}

internal sealed class SyncGrain : Grain, ISyncGrain
{
    public int Count() => 0;
}

internal sealed class MutableArgumentGrain : Grain, IMutableArgumentGrain
{
    public Task Configure(MutableSettings settings) => Task.CompletedTask;
}
