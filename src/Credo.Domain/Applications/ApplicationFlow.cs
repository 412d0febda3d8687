using Credo.Domain.Common;

namespace Credo.Domain.Applications;

/// <summary>Where a credit application is in its life (the same names as the stored status).</summary>
public enum ApplicationState
{
    Draft,
    Submitted,
    Verifying,
    Assessing,
    Referred,
    InReview,
    Approved,
    Declined,
    Withdrawn,
}

/// <summary>Who asks for a transition. A manager may do everything an analyst may.</summary>
public enum FlowActor
{
    Applicant,
    System,
    Analyst,
    Manager,
}

/// <summary>Everything that can happen to an application. Notes and assignments are events, not transitions.</summary>
public enum FlowAction
{
    /// <summary>The applicant submits the form.</summary>
    Submit,

    /// <summary>The workflow picks a submission up and checks email and documents.</summary>
    Verify,

    /// <summary>Verified: gather evidence and run the policy.</summary>
    Assess,

    /// <summary>The policy approved within the automatic limits.</summary>
    AutoApprove,

    /// <summary>The policy declined.</summary>
    AutoDecline,

    /// <summary>Hand the case to people: the policy referred, verification failed, or an analyst puts it back in the queue.</summary>
    Refer,

    /// <summary>An analyst takes a referred case.</summary>
    TakeForReview,

    /// <summary>An analyst asks the applicant for more; the case waits in review.</summary>
    RequestInformation,

    /// <summary>The applicant answered (re-submitted, or an analyst records what arrived): assess again.</summary>
    ProvideInformation,

    /// <summary>An analyst runs the assessment again (new evidence, or a stuck assessment).</summary>
    Reassess,

    /// <summary>People approve, within the policy's outcome.</summary>
    Approve,

    /// <summary>People decline, with reasons.</summary>
    Decline,

    /// <summary>A manager approves against the policy (a reason is mandatory), also after a decline.</summary>
    OverrideApprove,

    /// <summary>A manager declines against the policy (a reason is mandatory).</summary>
    OverrideDecline,

    /// <summary>The applicant asks a person to look again at a decline (once).</summary>
    RequestHumanReview,

    /// <summary>The applicant (or an analyst for them) withdraws.</summary>
    Withdraw,
}

/// <summary>
/// The application lifecycle as pure rules: which action moves which state where, and who may ask. Every status
/// change of a stored application goes through <see cref="Next"/>.
/// </summary>
public static class ApplicationFlow
{
    public static IReadOnlyList<ApplicationState> States { get; } = Enum.GetValues<ApplicationState>();

    public static IReadOnlyList<FlowAction> Actions { get; } = Enum.GetValues<FlowAction>();

    public static IReadOnlyList<FlowActor> Actors { get; } = Enum.GetValues<FlowActor>();

    /// <summary>The state <paramref name="action"/> leads to from <paramref name="from"/>, or a refusal.</summary>
    public static Result<ApplicationState> Next(ApplicationState from, FlowAction action, FlowActor actor)
    {
        if (!MayAct(action, actor))
        {
            return new Refusal("actor-not-allowed", $"{Describe(actor)} may not {Describe(action)}.");
        }

        return Target(from, action) is { } to
            ? to
            : new Refusal("transition-not-allowed", $"An application that is {Describe(from)} cannot {Describe(action)}.", "status");
    }

    /// <summary>Approved, declined and withdrawn applications are decided: only a human review request or an override reopens a decline.</summary>
    public static bool IsDecided(ApplicationState state) => state switch
    {
        ApplicationState.Approved or ApplicationState.Declined or ApplicationState.Withdrawn => true,
        ApplicationState.Draft or ApplicationState.Submitted or ApplicationState.Verifying or ApplicationState.Assessing
            or ApplicationState.Referred or ApplicationState.InReview => false,
    };

    /// <summary>Waiting for people: the analyst queue.</summary>
    public static bool IsWithPeople(ApplicationState state) => state switch
    {
        ApplicationState.Referred or ApplicationState.InReview => true,
        ApplicationState.Draft or ApplicationState.Submitted or ApplicationState.Verifying or ApplicationState.Assessing
            or ApplicationState.Approved or ApplicationState.Declined or ApplicationState.Withdrawn => false,
    };

    /// <summary>The actions <paramref name="actor"/> may take from <paramref name="from"/>, for forms and buttons.</summary>
    public static IReadOnlyList<FlowAction> Available(ApplicationState from, FlowActor actor) =>
        [.. Actions.Where(a => MayAct(a, actor) && Target(from, a) is not null)];

    private static ApplicationState? Target(ApplicationState from, FlowAction action) => action switch
    {
        FlowAction.Submit => from == ApplicationState.Draft ? ApplicationState.Submitted : null,
        FlowAction.Verify => from == ApplicationState.Submitted ? ApplicationState.Verifying : null,
        FlowAction.Assess => from == ApplicationState.Verifying ? ApplicationState.Assessing : null,
        FlowAction.AutoApprove => from == ApplicationState.Assessing ? ApplicationState.Approved : null,
        FlowAction.AutoDecline => from == ApplicationState.Assessing ? ApplicationState.Declined : null,
        FlowAction.Refer => from is ApplicationState.Verifying or ApplicationState.Assessing or ApplicationState.InReview ? ApplicationState.Referred : null,
        FlowAction.TakeForReview => from == ApplicationState.Referred ? ApplicationState.InReview : null,
        FlowAction.RequestInformation => from is ApplicationState.Referred or ApplicationState.InReview ? ApplicationState.InReview : null,
        FlowAction.ProvideInformation => from == ApplicationState.InReview ? ApplicationState.Assessing : null,
        FlowAction.Reassess => from is ApplicationState.Referred or ApplicationState.InReview or ApplicationState.Assessing or ApplicationState.Verifying ? ApplicationState.Assessing : null,
        FlowAction.Approve => from is ApplicationState.Referred or ApplicationState.InReview ? ApplicationState.Approved : null,
        FlowAction.Decline => from is ApplicationState.Referred or ApplicationState.InReview ? ApplicationState.Declined : null,
        FlowAction.OverrideApprove => from is ApplicationState.Referred or ApplicationState.InReview or ApplicationState.Declined ? ApplicationState.Approved : null,
        FlowAction.OverrideDecline => from is ApplicationState.Referred or ApplicationState.InReview ? ApplicationState.Declined : null,
        FlowAction.RequestHumanReview => from == ApplicationState.Declined ? ApplicationState.Referred : null,
        FlowAction.Withdraw => from switch
        {
            ApplicationState.Draft or ApplicationState.Submitted or ApplicationState.Verifying or ApplicationState.Assessing
                or ApplicationState.Referred or ApplicationState.InReview => ApplicationState.Withdrawn,
            ApplicationState.Approved or ApplicationState.Declined or ApplicationState.Withdrawn => null,
        },
    };

    /// <summary>Who may ask for each action.</summary>
    public static bool MayAct(FlowAction action, FlowActor actor) => action switch
    {
        FlowAction.Submit or FlowAction.RequestHumanReview => actor == FlowActor.Applicant,
        FlowAction.Verify or FlowAction.Assess or FlowAction.AutoApprove or FlowAction.AutoDecline => actor == FlowActor.System,
        FlowAction.Refer => actor is FlowActor.System or FlowActor.Analyst or FlowActor.Manager,
        FlowAction.TakeForReview or FlowAction.RequestInformation or FlowAction.Reassess or FlowAction.Approve or FlowAction.Decline =>
            actor is FlowActor.Analyst or FlowActor.Manager,
        FlowAction.ProvideInformation or FlowAction.Withdraw => actor is FlowActor.Applicant or FlowActor.Analyst or FlowActor.Manager,
        FlowAction.OverrideApprove or FlowAction.OverrideDecline => actor == FlowActor.Manager,
    };

    public static string Describe(ApplicationState state) => state switch
    {
        ApplicationState.Draft => "a draft",
        ApplicationState.Submitted => "submitted",
        ApplicationState.Verifying => "being verified",
        ApplicationState.Assessing => "being assessed",
        ApplicationState.Referred => "referred",
        ApplicationState.InReview => "in review",
        ApplicationState.Approved => "approved",
        ApplicationState.Declined => "declined",
        ApplicationState.Withdrawn => "withdrawn",
    };

    public static string Describe(FlowAction action) => action switch
    {
        FlowAction.Submit => "submit",
        FlowAction.Verify => "start verification",
        FlowAction.Assess => "start the assessment",
        FlowAction.AutoApprove => "approve automatically",
        FlowAction.AutoDecline => "decline automatically",
        FlowAction.Refer => "refer to the queue",
        FlowAction.TakeForReview => "take for review",
        FlowAction.RequestInformation => "request more information",
        FlowAction.ProvideInformation => "provide information",
        FlowAction.Reassess => "re-assess",
        FlowAction.Approve => "approve",
        FlowAction.Decline => "decline",
        FlowAction.OverrideApprove => "override and approve",
        FlowAction.OverrideDecline => "override and decline",
        FlowAction.RequestHumanReview => "ask for a human review",
        FlowAction.Withdraw => "withdraw",
    };

    public static string Describe(FlowActor actor) => actor switch
    {
        FlowActor.Applicant => "The applicant",
        FlowActor.System => "The system",
        FlowActor.Analyst => "An analyst",
        FlowActor.Manager => "A manager",
    };
}
