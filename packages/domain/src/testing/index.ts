export * from './ticket-privacy-cases';
