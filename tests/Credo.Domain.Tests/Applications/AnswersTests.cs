using System.Text.Json.Nodes;
using Credo.Domain.Applications;

namespace Credo.Domain.Tests.Applications;

public sealed class AnswersTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);
    private static readonly TemplateDefinition Template = TradeCreditTemplate.Definition("EUR");
    private static readonly Dictionary<string, int> OneStatement = new() { ["financialStatements"] = 1 };

    public static JsonObject Valid() => JsonNode.Parse("""
    {
      "legalName": "Harbour Tools Ltd", "tradingName": "Harbour", "taxId": "IE6388047V", "incorporationDate": "2011-03-01",
      "incorporationPlace": "Dublin", "yearsInBusiness": "15", "annualRevenue": "1,250,000", "employees": "24",
      "website": "https://harbour.example", "phone": "+353 1 555 0100",
      "billingAddress": { "line1": "1 Quay St", "city": "Dublin", "postalCode": "D01 X2Y3", "country": "ie" },
      "shipToBilling": "yes",
      "bankName": "Bank of Ireland", "bankAccount": "IE29AIBK93115212345678",
      "tradeReferences": [
        { "company": "A Ltd", "email": "ap@a.example" }, { "company": "B Ltd", "email": "ap@b.example" }, { "company": "C Ltd", "email": "ap@c.example", "creditLimit": "5000" }
      ],
      "owners": [ { "name": "Aoife Byrne", "role": "director", "dateOfBirth": "1980-05-17", "guarantees": "yes",
                    "homeAddress": { "line1": "4 Elm Rd", "city": "Cork", "postalCode": "T12 AB12", "country": "IE" } } ],
      "requestedLimit": "50000", "requestedTerms": "NET30", "bureauConsent": "true"
    }
    """)!.AsObject();

    /// <summary>Sets (or with null removes) the value at a path such as owners[0].dateOfBirth.</summary>
    private static JsonObject With(JsonObject answers, string path, string? value)
    {
        JsonNode node = answers;
        var parts = path.Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var key = bracket < 0 ? part : part[..bracket];
            var last = i == parts.Length - 1;
            if (bracket >= 0)
            {
                var index = int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
                var array = node[key]!.AsArray();
                if (last)
                {
                    array.RemoveAt(index);
                    return answers;
                }

                node = array[index]!;
            }
            else if (last)
            {
                if (value is null)
                {
                    node.AsObject().Remove(key);
                }
                else
                {
                    node[key] = value;
                }
            }
            else
            {
                node = node[key]!;
            }
        }

        return answers;
    }

    [Fact]
    public void Complete_answers_pass()
    {
        Assert.Empty(Answers.Validate(Template, Valid(), OneStatement, Today));
    }

    [Theory]
    // path to change, new value (null removes; an index removes the item), expected error path, part of the reason
    [InlineData("legalName", null, "legalName", "required")]
    [InlineData("legalName", "   ", "legalName", "required")]
    [InlineData("taxId", null, "taxId", "required")]
    [InlineData("incorporationDate", "2027-01-01", "incorporationDate", "future")]
    [InlineData("incorporationDate", "01/03/2011", "incorporationDate", "not a date")]
    [InlineData("yearsInBusiness", "2.5", "yearsInBusiness", "whole number")]
    [InlineData("yearsInBusiness", "-1", "yearsInBusiness", "at least 0")]
    [InlineData("yearsInBusiness", "lots", "yearsInBusiness", "not a number")]
    [InlineData("annualRevenue", "12.345", "annualRevenue", "")]
    [InlineData("annualRevenue", "1e6", "annualRevenue", "Enter an amount")]
    [InlineData("requestedLimit", "0", "requestedLimit", "at least 1")]
    [InlineData("website", "harbour.example", "website", "http")]
    [InlineData("phone", "call me", "phone", "not a phone number")]
    [InlineData("requestedTerms", "NET999", "requestedTerms", "not one of the options")]
    [InlineData("billingAddress.city", null, "billingAddress.city", "city is required")]
    [InlineData("billingAddress.country", "Ireland", "billingAddress.country", "two-letter")]
    [InlineData("shipToBilling", "no", "shippingAddress", "required")]
    [InlineData("tradeReferences[2]", null, "tradeReferences", "at least 3")]
    [InlineData("tradeReferences[1].email", "not-an-email", "tradeReferences[1].email", "not an email")]
    [InlineData("owners[0]", null, "owners", "at least 1")]
    [InlineData("owners[0].dateOfBirth", null, "owners[0].dateOfBirth", "required")]
    [InlineData("owners[0].homeAddress.line1", null, "owners[0].homeAddress.line1", "first address line")]
    [InlineData("owners[0].role", "boss", "owners[0].role", "not one of the options")]
    [InlineData("bureauConsent", "false", "bureauConsent", "tick")]
    [InlineData("bureauConsent", null, "bureauConsent", "tick")]
    public void Each_problem_names_its_field(string path, string? value, string errorPath, string reasonPart)
    {
        var errors = Answers.Validate(Template, With(Valid(), path, value), OneStatement, Today);
        Assert.True(errors.Any(e => e.Path == errorPath && e.Reason.Contains(reasonPart, StringComparison.OrdinalIgnoreCase)), string.Join("; ", errors));
    }

    [Fact]
    public void A_missing_required_document_is_an_error()
    {
        var errors = Answers.Validate(Template, Valid(), new Dictionary<string, int>(), Today);
        Assert.Equal(["financialStatements"], errors.Select(e => e.Path));
    }

    [Fact]
    public void A_hidden_field_is_ignored_and_dropped()
    {
        var answers = Valid();
        answers["shippingAddress"] = new JsonObject { ["line1"] = new string('x', 900) };
        Assert.Empty(Answers.Validate(Template, answers, OneStatement, Today));
        Assert.False(Answers.Prune(Template, answers).ContainsKey("shippingAddress"));

        answers["shipToBilling"] = "no";
        Assert.Contains(Answers.Validate(Template, answers, OneStatement, Today), e => e.Path == "shippingAddress.line1" && e.Reason.Contains("longer than 200", StringComparison.Ordinal));
    }

    [Fact]
    public void Prune_drops_unknown_keys_and_blank_group_items()
    {
        var answers = Valid();
        answers["isAdmin"] = "true";
        answers["tradeReferences"]!.AsArray().Add(new JsonObject { ["company"] = " ", ["email"] = "" });
        var pruned = Answers.Prune(Template, answers);
        Assert.False(pruned.ContainsKey("isAdmin"));
        Assert.Equal(3, pruned["tradeReferences"]!.AsArray().Count);
    }

    [Fact]
    public void Personal_data_is_split_from_the_plain_answers()
    {
        var (plain, personal) = Answers.Split(Template, Answers.Prune(Template, Valid()));
        Assert.DoesNotContain("Aoife", plain.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("1980-05-17", plain.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("Aoife Byrne", personal!["owners"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(Answers.Prune(Template, Valid()).ToJsonString(), Answers.Prune(Template, Answers.Merge(plain, personal)).ToJsonString());
    }

    [Fact]
    public void Columns_are_read_from_the_answers()
    {
        var columns = Answers.Columns(Template, Valid());
        Assert.Equal(
            new ApplicationColumns("Harbour Tools Ltd", "Harbour", "IE6388047V", "https://harbour.example", "+353 1 555 0100", "IE", Credo.Domain.Amounts.Money.Eur(50_000_00), "NET30"),
            columns);
    }

    [Theory]
    [InlineData("12500", "EUR", 1_250_000L)]
    [InlineData("12,500.50", "EUR", 1_250_050L)]
    [InlineData("12500", "JPY", 12_500L)]
    [InlineData("0.5", "USD", 50L)]
    public void Money_answers_become_minor_units(string text, string currency, long minor)
    {
        Assert.Equal(minor, Answers.ParseMoney(text, currency).Value.Minor);
    }

    [Theory]
    [InlineData("12.5", "JPY")]
    [InlineData("-5", "EUR")]
    [InlineData("5 EUR", "EUR")]
    public void Bad_money_answers_are_refused(string text, string currency)
    {
        Assert.False(Answers.ParseMoney(text, currency).IsOk);
    }
}
