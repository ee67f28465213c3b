import { type RenderedEmail, renderEmail } from './layout';

export interface QuestionAnsweredEmail {
  subject: string;
  answeredBy: string;
  answer: string;
  questionUrl: string;
}

/** Staff answered a question: the asker and the main contact read the answer and where to follow up. */
export const questionAnsweredEmail = ({
  subject,
  answeredBy,
  answer,
  questionUrl,
}: QuestionAnsweredEmail): RenderedEmail =>
  renderEmail({
    subject: `Answer to your question: ${subject}`,
    blocks: [
      `${answeredBy} answered the question “${subject}”:`,
      { quote: answer },
      { lead: 'Read the thread or follow up in the Subscriber Portal:', url: questionUrl },
    ],
  });
