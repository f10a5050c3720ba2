namespace OrleansFed.Runtime.Invocation;

/// <summary>The supported return types of grain interface methods.</summary>
internal enum ReturnKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}
