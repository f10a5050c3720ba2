using OrleansFed.Runtime.Tests.Infrastructure;

namespace OrleansFed.Runtime.Tests.Grains;

public interface IReentrantGateGrain : IGateGrain;

[Reentrant]
internal sealed class ReentrantGateGrain(Probe probe) : GateGrain(probe), IReentrantGateGrain;
