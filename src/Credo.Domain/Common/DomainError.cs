namespace Credo.Domain.Common;

/// <summary>
/// An expected refusal, returned as a value. <see cref="Code"/> is stable: it becomes the last segment of the
/// ProblemDetails <c>type</c>. <see cref="Field"/> names the input at fault, where there is one.
/// </summary>
public abstract record DomainError(string Code, string Message, string? Field = null);

public sealed record ValidationFailed(string Field, string Reason) : DomainError("validation", Reason, Field);

public sealed record NotFound(string What, string Key) : DomainError("not-found", $"{What} '{Key}' was not found.");

/// <summary>Any other business refusal, named by its stable code (e.g. "invoice-already-paid").</summary>
public sealed record Refusal(string RefusalCode, string Reason, string? At = null) : DomainError(RefusalCode, Reason, At);

/// <summary>Either a value or a domain error; no exceptions for expected outcomes.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, DomainError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public DomainError? Error { get; }

    public bool IsOk => Error is null;

    public static Result<T> Ok(T value) => new(value, null);

    public static Result<T> Fail(DomainError error) => new(default, error);

    public static implicit operator Result<T>(T value) => Ok(value);

    public static implicit operator Result<T>(DomainError error) => Fail(error);
}
