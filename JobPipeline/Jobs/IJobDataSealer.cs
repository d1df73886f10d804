namespace JobPipeline.Jobs;

/// <summary>
/// Seals the input and result of jobs whose data may not rest in clear (the vault's <c>mask</c> and <c>unmask</c>):
/// encrypted and authenticated with a key of the job's tenant, bound to the job and to the part it is, so sealed
/// bytes read from storage tell nothing and cannot be moved to another job or tenant.
/// </summary>
public interface IJobDataSealer
{
    /// <summary>Seals <paramref name="data"/>, the <paramref name="part"/> (<c>input</c>, <c>result</c>) of <paramref name="job"/>.</summary>
    byte[] Seal(JobRef job, string part, ReadOnlySpan<byte> data);

    /// <summary>Opens what <see cref="Seal"/> wrote; throws <see cref="InvalidDataException"/> when it was altered, moved or sealed with another key.</summary>
    byte[] Open(JobRef job, string part, ReadOnlySpan<byte> sealedData);
}
