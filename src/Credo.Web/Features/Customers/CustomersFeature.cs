using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Credo.Web.Features.Customers;

internal static class CustomersFeature
{
    public static IServiceCollection AddCustomers(this IServiceCollection services)
    {
        services.TryAddScoped<IPayingHabits, NoPayingHabits>(); // the analytics slice replaces it with the measured behaviour
        return services.AddScoped<SaveCustomer>().AddScoped<FindCustomers>().AddScoped<Groups>();
    }

    public static void MapCustomersApi(this IEndpointRouteBuilder app)
    {
        var customers = app.MapGroup("/api/customers").WithTags("Customers").RequireAuthorization(AccessPolicies.Read);
        customers.MapGet("/", FindCustomers.Endpoint).WithSummary("List customers with search, filters, sorting and paging.");
        customers.MapGet("/{number}", GetEndpoint).WithSummary("One customer's master data.");
        customers.MapGet("/{number}/hierarchy", Groups.HierarchyEndpoint).WithSummary("The customer's corporate group path and tree.");
        customers.MapPost("/", SaveCustomer.CreateEndpoint).RequireAuthorization(AccessPolicies.Customers).WithSummary("Create a customer.");
        customers.MapPut("/{number}", SaveCustomer.UpdateEndpoint).RequireAuthorization(AccessPolicies.Customers).WithSummary("Replace a customer's master data.");

        var groups = app.MapGroup("/api/groups").WithTags("Customers").RequireAuthorization(AccessPolicies.Read);
        groups.MapGet("/", Groups.ListEndpoint);
        groups.MapGet("/{code}", Groups.TreeEndpoint).WithSummary("A group with its sub-groups and member customers.");
        groups.MapPost("/", Groups.CreateEndpoint).RequireAuthorization(AccessPolicies.Customers);

        var segments = app.MapGroup("/api/segments").WithTags("Customers").RequireAuthorization(AccessPolicies.Read);
        segments.MapGet("/", Segments.ListEndpoint);
        segments.MapPost("/", Segments.CreateEndpoint).RequireAuthorization(AccessPolicies.Customers);
    }

    private static async Task<IResult> GetEndpoint(string number, CreditDb db, CancellationToken ct) =>
        await db.FindCustomer(number, ct) is { } c ? TypedResults.Ok(CustomerDto.From(c)) : Problems.NotFound("Customer", number);
}
