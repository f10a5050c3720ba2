namespace OrleansFed.Learning.Autograd;

/// <summary>One recorded operation: propagates its output gradient to its inputs.</summary>
internal abstract class BackwardNode
{
    public abstract void Backward(Tape tape);
}

/// <summary>A node whose backward step is a delegate (for the simple element-wise operations).</summary>
internal sealed class DelegateNode(Action<Tape> backward) : BackwardNode
{
    public override void Backward(Tape tape) => backward(tape);
}
