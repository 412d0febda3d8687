using Credo.Domain.Common;

namespace Credo.Domain.Applications;

/// <summary>Where a credit application is in its life (the same names as the stored status).</summary>
public enum ApplicationStatus
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
    public static IReadOnlyList<ApplicationStatus> States { get; } = Enum.GetValues<ApplicationStatus>();

    public static IReadOnlyList<FlowAction> Actions { get; } = Enum.GetValues<FlowAction>();

    public static IReadOnlyList<FlowActor> Actors { get; } = Enum.GetValues<FlowActor>();

    /// <summary>The state <paramref name="action"/> leads to from <paramref name="from"/>, or a refusal.</summary>
    public static Result<ApplicationStatus> Next(ApplicationStatus from, FlowAction action, FlowActor actor)
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
    public static bool IsDecided(ApplicationStatus state) => state switch
    {
        ApplicationStatus.Approved or ApplicationStatus.Declined or ApplicationStatus.Withdrawn => true,
        ApplicationStatus.Draft or ApplicationStatus.Submitted or ApplicationStatus.Verifying or ApplicationStatus.Assessing
            or ApplicationStatus.Referred or ApplicationStatus.InReview => false,
    };

    /// <summary>Waiting for people: the analyst queue.</summary>
    public static bool IsWithPeople(ApplicationStatus state) => state switch
    {
        ApplicationStatus.Referred or ApplicationStatus.InReview => true,
        ApplicationStatus.Draft or ApplicationStatus.Submitted or ApplicationStatus.Verifying or ApplicationStatus.Assessing
            or ApplicationStatus.Approved or ApplicationStatus.Declined or ApplicationStatus.Withdrawn => false,
    };

    /// <summary>The actions <paramref name="actor"/> may take from <paramref name="from"/>, for forms and buttons.</summary>
    public static IReadOnlyList<FlowAction> Available(ApplicationStatus from, FlowActor actor) =>
        [.. Actions.Where(a => MayAct(a, actor) && Target(from, a) is not null)];

    private static ApplicationStatus? Target(ApplicationStatus from, FlowAction action) => action switch
    {
        FlowAction.Submit => from == ApplicationStatus.Draft ? ApplicationStatus.Submitted : null,
        FlowAction.Verify => from == ApplicationStatus.Submitted ? ApplicationStatus.Verifying : null,
        FlowAction.Assess => from == ApplicationStatus.Verifying ? ApplicationStatus.Assessing : null,
        FlowAction.AutoApprove => from == ApplicationStatus.Assessing ? ApplicationStatus.Approved : null,
        FlowAction.AutoDecline => from == ApplicationStatus.Assessing ? ApplicationStatus.Declined : null,
        FlowAction.Refer => from is ApplicationStatus.Verifying or ApplicationStatus.Assessing or ApplicationStatus.InReview ? ApplicationStatus.Referred : null,
        FlowAction.TakeForReview => from == ApplicationStatus.Referred ? ApplicationStatus.InReview : null,
        FlowAction.RequestInformation => from is ApplicationStatus.Referred or ApplicationStatus.InReview ? ApplicationStatus.InReview : null,
        FlowAction.ProvideInformation => from == ApplicationStatus.InReview ? ApplicationStatus.Assessing : null,
        FlowAction.Reassess => from is ApplicationStatus.Referred or ApplicationStatus.InReview or ApplicationStatus.Assessing or ApplicationStatus.Verifying ? ApplicationStatus.Assessing : null,
        FlowAction.Approve => from is ApplicationStatus.Referred or ApplicationStatus.InReview ? ApplicationStatus.Approved : null,
        FlowAction.Decline => from is ApplicationStatus.Referred or ApplicationStatus.InReview ? ApplicationStatus.Declined : null,
        FlowAction.OverrideApprove => from is ApplicationStatus.Referred or ApplicationStatus.InReview or ApplicationStatus.Declined ? ApplicationStatus.Approved : null,
        FlowAction.OverrideDecline => from is ApplicationStatus.Referred or ApplicationStatus.InReview ? ApplicationStatus.Declined : null,
        FlowAction.RequestHumanReview => from == ApplicationStatus.Declined ? ApplicationStatus.Referred : null,
        FlowAction.Withdraw => from switch
        {
            ApplicationStatus.Draft or ApplicationStatus.Submitted or ApplicationStatus.Verifying or ApplicationStatus.Assessing
                or ApplicationStatus.Referred or ApplicationStatus.InReview => ApplicationStatus.Withdrawn,
            ApplicationStatus.Approved or ApplicationStatus.Declined or ApplicationStatus.Withdrawn => null,
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

    public static string Describe(ApplicationStatus state) => state switch
    {
        ApplicationStatus.Draft => "a draft",
        ApplicationStatus.Submitted => "submitted",
        ApplicationStatus.Verifying => "being verified",
        ApplicationStatus.Assessing => "being assessed",
        ApplicationStatus.Referred => "referred",
        ApplicationStatus.InReview => "in review",
        ApplicationStatus.Approved => "approved",
        ApplicationStatus.Declined => "declined",
        ApplicationStatus.Withdrawn => "withdrawn",
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
