namespace OrleansFed.Runtime;

/// <summary>
/// Marker for every grain interface. Grain interfaces declare only methods returning
/// <see cref="Task"/>, <see cref="Task{TResult}"/>, <see cref="ValueTask"/> or <see cref="ValueTask{TResult}"/>;
/// their arguments and results must be immutable or copyable (see docs/runtime.md, "Crossing a grain boundary").
/// </summary>
public interface IGrain;
