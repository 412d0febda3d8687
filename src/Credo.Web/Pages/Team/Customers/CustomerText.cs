using Credo.Domain.Customers;

namespace Credo.Web.Pages.Team.Customers;

/// <summary>Display text for customer values.</summary>
internal static class CustomerText
{
    public static string Status(CustomerStatus status) => status switch
    {
        CustomerStatus.Active => "Active",
        CustomerStatus.OnHold => "On hold",
        CustomerStatus.Blocked => "Blocked",
        CustomerStatus.Closed => "Closed",
    };

    public static string StatusClass(CustomerStatus status) => "status-" + status.ToString().ToLowerInvariant();
}
