namespace IdentityOps.Emulator;

/// <summary>A drawn fault; <paramref name="Magnitude"/> in [0, 1) sizes its Retry-After or delay, deterministically.</summary>
internal readonly record struct Fault(FaultKind Kind, double Magnitude);

/// <summary>Draws faults from <c>Random(Seed)</c>, three numbers per request whatever the outcome, so the sequence is reproducible.</summary>
internal sealed class FaultInjector(FaultPlan plan)
{
    private readonly Lock _gate = new();

#pragma warning disable CA5394 // Deterministic test faults, not security: the seed must reproduce the same sequence.
    private readonly Random _random = new(plan.Seed);

    public Fault? Draw()
    {
        if (plan.Probability <= 0 || plan.Kinds.Count == 0)
        {
            return null;
        }

        double roll, magnitude;
        int pick;
        lock (_gate)
        {
            roll = _random.NextDouble();
            pick = _random.Next(plan.Kinds.Count);
            magnitude = _random.NextDouble();
        }

        return roll < plan.Probability ? new Fault(plan.Kinds[pick], magnitude) : null;
    }
#pragma warning restore CA5394
}
