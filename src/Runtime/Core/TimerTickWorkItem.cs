namespace OrleansFed.Runtime.Core;

/// <summary>One tick of a grain timer. Timer ticks do not count as activity.</summary>
internal sealed class TimerTickWorkItem(GrainTimer timer) : WorkItem
{
    public override bool AlwaysInterleave => false;

    public override bool CountsAsActivity => false;

    public override bool Forwardable => false;

    public override void Fail(Exception exception) => timer.EndTick();

    protected override Task ExecuteAsync(Activation activation) => timer.RunTickAsync();
}
