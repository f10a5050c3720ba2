namespace OrleansFed.Runtime.Core;
internal sealed class GrainTypeRegistry;
