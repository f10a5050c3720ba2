using System.Reflection;
using OrleansFed.Runtime.Core;

namespace OrleansFed.Runtime.Invocation;

/// <summary>A grain method whose result (after awaiting) is a <typeparamref name="TResult"/>; methods returning
/// <see cref="Task"/> or <see cref="ValueTask"/> use <see cref="object"/> and always produce null.</summary>
internal sealed class GrainMethod<TResult> : GrainMethod
{
    private static readonly Task<TResult?> s_completedDefault = Task.FromResult<TResult?>(default);

    private readonly Func<object, object?[], Task<TResult>> _invoke;
    private readonly CopyPlan _resultPlan;

    private GrainMethod(MethodInfo method, CopyPlan[] argumentPlans, ReturnKind kind, Func<object, object?[], Task<TResult>> invoke, CopyPlan resultPlan)
        : base(method, argumentPlans, kind)
    {
        _invoke = invoke;
        _resultPlan = resultPlan;
    }

    /// <summary>Runs the method on a grain instance, inside a turn of its activation.</summary>
    public Task<TResult> InvokeOnGrain(Grain grain, object?[] arguments) => _invoke(grain, arguments);

    /// <summary>Copies a result before it leaves the callee, so the callee can keep mutating what it returned.</summary>
    public TResult CopyResult(TResult result) => _resultPlan.Copies ? (TResult)_resultPlan.Apply(result)! : result;

    public override object Send(GrainRuntime runtime, GrainId grainId, object?[] arguments)
    {
        var copied = CopyArguments(arguments);
        if (IsOneWay)
        {
            runtime.SendOneWay(grainId, this, copied);
            return ReturnKind == ReturnKind.ValueTask ? default(ValueTask) : Task.CompletedTask;
        }

        var task = runtime.InvokeAsync(grainId, this, copied);
        return ReturnKind switch
        {
            ReturnKind.ValueTask => new ValueTask(task),
            ReturnKind.ValueTaskOfT => new ValueTask<TResult>(task),
            _ => task,
        };
    }

    internal static GrainMethod Build(Type grainInterface, MethodInfo method, CopyPlan[] argumentPlans, CopyPlan resultPlan, ReturnKind kind)
    {
        Func<object, object?[], Task<TResult>> invoke;
        switch (kind)
        {
            case ReturnKind.TaskOfT:
                invoke = Compile<Func<object, object?[], Task<TResult>>>(grainInterface, method);
                break;
            case ReturnKind.ValueTaskOfT:
                var valueTaskOfT = Compile<Func<object, object?[], ValueTask<TResult>>>(grainInterface, method);
                invoke = (g, a) => valueTaskOfT(g, a).AsTask();
                break;
            case ReturnKind.ValueTask:
                var valueTask = Compile<Func<object, object?[], ValueTask>>(grainInterface, method);
                invoke = (g, a) => WithoutResult(valueTask(g, a).AsTask());
                break;
            default:
                var task = Compile<Func<object, object?[], Task>>(grainInterface, method);
                invoke = (g, a) => WithoutResult(task(g, a));
                break;
        }

        return new GrainMethod<TResult>(method, argumentPlans, kind, invoke, resultPlan);
    }

    private static Task<TResult> WithoutResult(Task task)
    {
        if (task.IsCompletedSuccessfully)
        {
            return s_completedDefault!;
        }

        return Await(task);

        static async Task<TResult> Await(Task task)
        {
            await task;
            return default!;
        }
    }
}
