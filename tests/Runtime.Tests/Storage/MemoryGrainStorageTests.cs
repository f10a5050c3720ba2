namespace OrleansFed.Runtime.Tests.Storage;

public sealed class MemoryGrainStorageTests : GrainStorageConformanceTests
{
    protected override IGrainStorage CreateStorage() => new MemoryGrainStorage();
}
