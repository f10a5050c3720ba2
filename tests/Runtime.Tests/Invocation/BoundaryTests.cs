using OrleansFed.Runtime.Tests.Grains;
using OrleansFed.Runtime.Tests.Infrastructure;

namespace OrleansFed.Runtime.Tests.Invocation;

public sealed class BoundaryTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task An_array_argument_is_copied_so_later_changes_by_the_caller_are_not_seen()
    {
        var grain = _silo.Grains.GetGrain<IPayloadGrain>("p");
        float[] weights = [1f, 2f, 3f];
        await grain.Keep(weights);
        weights[0] = 99f;
        Assert.Equal(new[] { 1f, 2f, 3f }, await grain.Kept());
    }

    [Fact]
    public async Task An_array_result_is_copied_so_the_caller_cannot_change_the_grains_array()
    {
        var grain = _silo.Grains.GetGrain<IPayloadGrain>("p");
        var copy = await grain.Internal();
        copy[0] = -5f;
        Assert.Equal(1f, await grain.InternalFirst());
        Assert.NotSame(copy, await grain.Internal());
    }

    [Fact]
    public async Task A_record_holding_an_array_is_cloned_with_its_array_copied()
    {
        var grain = _silo.Grains.GetGrain<IPayloadGrain>("p");
        var update = new ModelUpdate("hospital-7", 1200, [0.25f, -0.5f]);
        await grain.KeepUpdate(update);
        update.Weights[1] = 42f;

        var kept = await grain.KeptUpdate();
        Assert.NotNull(kept);
        Assert.NotSame(update, kept);
        Assert.Equal("hospital-7", kept.Participant);
        Assert.Equal(1200, kept.Samples);
        Assert.Equal([0.25f, -0.5f], kept.Weights);
    }

    [Fact]
    public async Task Memory_contents_are_copied()
    {
        var grain = _silo.Grains.GetGrain<IPayloadGrain>("p");
        byte[] buffer = [1, 2, 3, 4];
        await grain.KeepMemory(buffer.AsMemory(1, 2));
        buffer[1] = 0;
        Assert.Equal(new byte[] { 2, 3 }, await grain.KeptBytes());
    }

    [Fact]
    public async Task Immutable_values_cross_by_reference_and_value_tasks_work()
    {
        var grain = _silo.Grains.GetGrain<IPayloadGrain>("p");
        var circle = new Circle(2.5);
        Assert.Same(circle, await grain.Echo(circle));
        Assert.Equal(new[] { 4, 5, 2 }, (await grain.Numbers([4, 5])).ToArray());
    }

    [Fact]
    public async Task A_mutable_subtype_passed_for_an_immutable_base_record_is_refused_at_the_call()
    {
        var grain = _silo.Grains.GetGrain<IPayloadGrain>("p");
        var error = await Assert.ThrowsAsync<InvalidGrainInterfaceException>(
            () => grain.Echo(new Polygon([1, 2, 3]) { Label = "triangle" }));
        Assert.Contains("Type Polygon cannot cross a grain boundary: field 'Label' of Polygon is not readonly", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interface_with_a_mutable_collection_parameter_is_refused_when_the_reference_is_created()
    {
        using var provider = RuntimeOnly(s => s.AddGrain<IListGrain, ListGrain>());
        var error = Assert.Throws<InvalidGrainInterfaceException>(() => provider.Grains.GetGrain<IListGrain>("l"));
        Assert.StartsWith(
            "Grain interface member parameter 'items' of grain method IListGrain.Add is not allowed. " +
            "Type List<Int32> cannot cross a grain boundary: field '_items' of List<Int32> is not readonly, so the object is mutable.",
            error.Message, StringComparison.Ordinal);
        Assert.Contains("ImmutableArray<T>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interface_method_not_returning_a_task_is_refused()
    {
        using var provider = RuntimeOnly(s => s.AddGrain<ISyncGrain, SyncGrain>());
        var error = Assert.Throws<InvalidGrainInterfaceException>(() => provider.Grains.GetGrain<ISyncGrain>("s"));
        Assert.Equal(
            "Grain method ISyncGrain.Count returns Int32; grain methods return Task, Task<T>, ValueTask or ValueTask<T>.",
            error.Message);
    }

    [Fact]
    public void A_class_with_a_settable_property_is_refused_as_an_argument()
    {
        using var provider = RuntimeOnly(s => s.AddGrain<IMutableArgumentGrain, MutableArgumentGrain>());
        var error = Assert.Throws<InvalidGrainInterfaceException>(() => provider.Grains.GetGrain<IMutableArgumentGrain>("m"));
        Assert.Contains("Type MutableSettings cannot cross a grain boundary: field 'Rate' of MutableSettings is not readonly", error.Message, StringComparison.Ordinal);
    }

    private static ServiceHost RuntimeOnly(Action<Microsoft.Extensions.DependencyInjection.IServiceCollection> configure) => new(configure);
}
