import {
  alertKinds,
  changeRequestKinds,
  changeRequestStatuses,
  contactRoles,
  invoiceDocumentStatuses,
  organizationKinds,
  partnerLevels,
  paymentMethods,
  questionEntryKinds,
  questionStatuses,
  questionTeams,
  questionTopics,
  slaResponseKinds,
  staffRoles,
  subscriptionStatuses,
  subscriptionTiers,
  ticketEventKinds,
  ticketRatingValues,
  ticketStatuses,
  ticketVisibilities,
  userKinds,
  webhookEventTypes,
} from '@portals/domain';
import { pgEnum } from 'drizzle-orm/pg-core';

// The value lists come from the domain package: written once, shared by database and contract.
export const organizationKind = pgEnum('organization_kind', organizationKinds);
export const partnerLevel = pgEnum('partner_level', partnerLevels);
export const subscriptionTier = pgEnum('subscription_tier', subscriptionTiers);
export const subscriptionStatus = pgEnum('subscription_status', subscriptionStatuses);
export const contactRole = pgEnum('contact_role', contactRoles);
export const staffRole = pgEnum('staff_role', staffRoles);
export const userKind = pgEnum('user_kind', userKinds);
export const emailStatus = pgEnum('email_status', ['pending', 'sent']);
export const oneTimeTokenPurpose = pgEnum('one_time_token_purpose', [
  'invitation',
  'password_reset',
  'two_factor_challenge',
  'ticket_rating',
]);
export const contactRequestKind = pgEnum('contact_request_kind', [
  'technical_contact',
  'main_contact_handover',
]);
export const requestStatus = pgEnum('request_status', ['pending', 'approved', 'declined']);
export const ticketStatus = pgEnum('ticket_status', ticketStatuses);
export const ticketEventKind = pgEnum('ticket_event_kind', ticketEventKinds);
export const ticketVisibility = pgEnum('ticket_visibility', ticketVisibilities);
export const slaResponseKind = pgEnum('sla_response_kind', slaResponseKinds);
export const ticketRating = pgEnum('ticket_rating', ticketRatingValues);
export const alertKind = pgEnum('alert_kind', alertKinds);
export const invoiceDocumentStatus = pgEnum('invoice_document_status', invoiceDocumentStatuses);
export const paymentMethod = pgEnum('payment_method', paymentMethods);
export const questionTopic = pgEnum('question_topic', questionTopics);
export const questionTeam = pgEnum('question_team', questionTeams);
export const questionStatus = pgEnum('question_status', questionStatuses);
export const questionEntryKind = pgEnum('question_entry_kind', questionEntryKinds);
export const changeRequestKind = pgEnum('change_request_kind', changeRequestKinds);
export const changeRequestStatus = pgEnum('change_request_status', changeRequestStatuses);
export const webhookEventType = pgEnum('webhook_event_type', [...webhookEventTypes, 'ping']);
export const webhookDeliveryStatus = pgEnum('webhook_delivery_status', ['pending', 'succeeded', 'failed']);
/** Whom an event may reach, checked against each endpoint's owner at fan-out (decision 038). */
export const webhookAudience = pgEnum('webhook_audience', ['ticket', 'billing', 'organization', 'endpoint']);
