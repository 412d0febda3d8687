namespace Credo.Domain.Customers;

public enum CustomerStatus
{
    Active,
    OnHold,
    Blocked,
    Closed,
}
