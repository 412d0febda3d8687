using Credo.Domain.Common;

namespace Credo.Web.Pages.Portal;

/// <summary>Where a refusal is shown on a portal form: beside its field when the form has that field, else at the top.</summary>
internal static class PortalForms
{
    public static string Field(DomainError error, params string[] fields) =>
        fields.FirstOrDefault(f => string.Equals(f, error.Field, StringComparison.OrdinalIgnoreCase)) ?? "form";
}
